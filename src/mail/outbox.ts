// Mail goes through an outbox: a use case queues its message in the same
// transaction as its change, and the worker delivers it afterwards, with retries.
// Several instances may run the worker: rows are claimed with FOR UPDATE SKIP LOCKED.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../db/database.ts';
import { startPeriodicWorker, type PeriodicWorker } from '../ops/periodic-worker.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  template: string; // what kind of message (e.g. certificate_registered, account_activation)
}

export async function enqueueMail(trx: DbOrTrx, mail: OutgoingMail, now: Date): Promise<string> {
  const row = await trx.insertInto('mail_outbox').values(outboxRow(mail, now)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The outbox's columns and their types, for queueing many (or no) messages in one statement (rowsAsUnnest). */
export const OUTBOX_COLUMNS = { to_address: 'text', subject: 'text', text_body: 'text', template: 'text', created_at: 'timestamptz', next_attempt_at: 'timestamptz' } as const;

/** The outbox row of a message, for a use case that queues it within a larger statement (a CTE). */
export function outboxRow(mail: OutgoingMail, now: Date) {
  return { to_address: mail.to, subject: mail.subject, text_body: mail.text, template: mail.template, created_at: now, next_attempt_at: now };
}

export interface MailSender {
  send(message: { id: string; to: string; subject: string; text: string }): Promise<void>;
}

export const MAIL_FROM = '電子保証 <no-reply@denshi-hosho.example>';

/** SMTP when a URL is given; otherwise each message is written as an .eml file under `mailDir`. */
export function createMailSender(options: { smtpUrl: string | null; mailDir: string; from?: string }): MailSender {
  const from = options.from ?? process.env.MAIL_FROM ?? MAIL_FROM;
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(m) {
        await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, messageId: `<${m.id}@denshi-hosho>` });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(m) {
      const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, messageId: `<${m.id}@denshi-hosho>` });
      mkdirSync(options.mailDir, { recursive: true });
      writeFileSync(join(options.mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${m.id}.eml`), info.message as Buffer);
    },
  };
}

const CLAIM_SECONDS = 120;
const MAX_BACKOFF_SECONDS = 3600;

export function backoffSeconds(attempts: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, 15 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers due messages. Each is claimed in a short transaction (so two workers
 * never take the same row), sent, then marked sent; a failure schedules a retry
 * with exponential backoff. Returns how many were sent and how many failed.
 */
export async function deliverDueMail(db: Db, sender: MailSender, now: Date, limit = 50): Promise<{ sent: number; failed: number }> {
  const claimed = await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('mail_outbox')
      .select(['id', 'to_address', 'subject', 'text_body', 'attempts'])
      .where('sent_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length > 0) {
      await trx
        .updateTable('mail_outbox')
        .set({ claimed_until: new Date(now.getTime() + CLAIM_SECONDS * 1000), attempts: sql`attempts + 1` })
        .where('id', 'in', rows.map((r) => r.id))
        .execute();
    }
    return rows;
  });
  let sent = 0;
  let failed = 0;
  for (const row of claimed) {
    try {
      await sender.send({ id: row.id, to: row.to_address, subject: row.subject, text: row.text_body });
      await db.updateTable('mail_outbox').set({ sent_at: now, claimed_until: null, last_error: null }).where('id', '=', row.id).execute();
      sent++;
    } catch (error) {
      const attempts = row.attempts + 1;
      await db
        .updateTable('mail_outbox')
        .set({
          claimed_until: null,
          next_attempt_at: new Date(now.getTime() + backoffSeconds(attempts) * 1000),
          last_error: String(error instanceof Error ? error.message : error).slice(0, 500),
        })
        .where('id', '=', row.id)
        .execute();
      failed++;
    }
  }
  return { sent, failed };
}

/** Runs deliverDueMail every `intervalMs` (a full batch is followed at once by the next). */
export function startMailWorker(db: Db, sender: MailSender, now: () => Date, intervalMs = 2000, log: (e: unknown) => void = console.error): PeriodicWorker {
  return startPeriodicWorker(async () => {
    let result;
    do result = await deliverDueMail(db, sender, now());
    while (result.sent === 50);
  }, intervalMs, log);
}
