// A real SMTP server that records when each message was accepted (for tests that must tell a
// duplicate delivery from a lost one, e.g. when the sending process is killed). Same library as
// smtp.ts (smtp-server, mailparser); each message keeps its Message-ID and acceptance time.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface RecordedMail {
  mail: ParsedMail;
  messageId: string;
  subject: string;
  dataAt: number; // Date.now() when the message's data had arrived
  receivedAt: number; // Date.now() when the server accepted it (answered 250, or would have, had the client still been there)
}

export interface SmtpRecorder {
  url: string;
  messages: RecordedMail[];
  stop(): Promise<void>;
}

/** `acceptDelayMs`: how long the server takes to accept each message (a slow mail server widens the window of a crash). */
export async function startSmtpRecorder(options: { acceptDelayMs?: () => number } = {}): Promise<SmtpRecorder> {
  const messages: RecordedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const dataAt = Date.now();
          const delay = options.acceptDelayMs?.() ?? 0;
          if (delay > 0) await new Promise((r) => setTimeout(r, delay));
          messages.push({ mail, messageId: mail.messageId ?? '', subject: mail.subject ?? '', dataAt, receivedAt: Date.now() });
          callback();
        })
        .catch(callback);
    },
  });
  server.on('error', () => {}); // a client killed mid-transaction is not an error of the test
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
