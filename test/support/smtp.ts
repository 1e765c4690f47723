// A real SMTP server in the test process (smtp-server); messages parsed with mailparser.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** While true, the server answers every message with a temporary failure. */
  refuse: boolean;
  waitFor(predicate: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  stop(): Promise<void>;
}

export async function startTestSmtp(port = 0): Promise<TestSmtp> {
  const state = { messages: [] as ParsedMail[], refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (state.refuse) return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          state.messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address() as { port: number };
  const smtp: TestSmtp = {
    url: `smtp://127.0.0.1:${address.port}`,
    port: address.port,
    get messages() {
      return state.messages;
    },
    get refuse() {
      return state.refuse;
    },
    set refuse(v: boolean) {
      state.refuse = v;
    },
    async waitFor(predicate, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = state.messages.find(predicate);
        if (found) return found;
        if (Date.now() > end) throw new Error('expected mail did not arrive');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return smtp;
}
