// A background loop that every instance runs (the mail outbox, the audit sealer, webhook
// deliveries): one tick at a time, every `intervalMs`, errors logged and never fatal, and a
// stop that waits for the running tick. Work is shared between instances by the database
// (row claims, advisory locks), not by this loop.
export interface PeriodicWorker {
  kick(): void; // run a tick now (if none is running)
  stop(): Promise<void>;
}

export function startPeriodicWorker(tick: () => Promise<void>, intervalMs: number, log: (error: unknown) => void): PeriodicWorker {
  let running = false;
  let stopped = false;
  const run = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await tick();
    } catch (error) {
      log(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return {
    kick: () => void run(),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      while (running) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}
