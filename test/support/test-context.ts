// Each test file gets its own database: a clone of the migrated PGlite template,
// or, with TEST_DATABASE_URL, a new database on that PostgreSQL server (dropped at the end).
// No mocks: the real app, the real database, a clock the test can move.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import type { AppContext } from '../../src/app-context.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { migrateToLatest, openDatabase, type Db } from '../../src/db/database.ts';
import { createMailSender, deliverDueMail } from '../../src/mail/outbox.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { secretsFromMasterKey } from '../../src/secrets.ts';
import { PGLITE_TEMPLATE_FILE } from './paths.ts';

export interface TestContext extends AppContext {
  app: FastifyInstance;
  clock: { advance(ms: number): void; set(date: Date): void };
  /** Runs the outbox worker once (SMTP_URL from the test's env, or .eml files in its DATA_DIR). */
  deliverMail(): Promise<{ sent: number; failed: number }>;
  close(): Promise<void>;
}

export const engineName = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** A new, empty database on the TEST_DATABASE_URL server (for tests of several instances or processes). */
export async function createEmptyServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function openTestDatabase(): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (process.env.TEST_DATABASE_URL) {
    const server = await createEmptyServerDatabase();
    const db = await openDatabase({ engine: 'postgres', url: server.url, poolSize: 10 });
    await migrateToLatest(db);
    return {
      db,
      drop: async () => {
        await db.destroy();
        await server.drop();
      },
    };
  }
  if (existsSync(PGLITE_TEMPLATE_FILE)) {
    const db = await openDatabase({ engine: 'pglite', loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE_FILE)]) });
    await migrateToLatest(db); // a no-op unless the template is older than the migrations
    return { db, drop: () => db.destroy() };
  }
  const db = await openDatabase({ engine: 'pglite' });
  await migrateToLatest(db);
  return { db, drop: () => db.destroy() };
}

export async function createTestContext(options: { env?: Record<string, string>; now?: Date } = {}): Promise<TestContext> {
  const dataDir = mkdtempSync(join(tmpdir(), 'denshi-hosho-test-'));
  const config: Config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, BASE_URL: 'http://localhost:3000', ...options.env });
  const { db, drop } = await openTestDatabase();
  let current = options.now ?? new Date('2026-11-27T10:00:00+09:00');
  const now = () => new Date(current);
  const ctx: AppContext = {
    config,
    db,
    secrets: secretsFromMasterKey(randomBytes(32)),
    now,
    metrics: createMetrics(db, now),
  };
  const app = await buildApp(ctx);
  const sender = createMailSender({ smtpUrl: config.smtpUrl, mailDir: config.mailDir });
  return {
    ...ctx,
    app,
    clock: {
      advance: (ms) => (current = new Date(current.getTime() + ms)),
      set: (date) => (current = date),
    },
    deliverMail: () => deliverDueMail(db, sender, new Date(current)),
    close: async () => {
      await app.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
