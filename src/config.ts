// Configuration from the environment, with safe defaults (see the README's table).
import { join, resolve } from 'node:path';
import type { DatabaseTarget } from './db/database.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  baseUrl: string;
  database: DatabaseTarget;
  smtpUrl: string | null; // null: mail is written as .eml files under mailDir
  mailDir: string;
  production: boolean;
  demo: boolean; // seed demo data into an empty database
  demoPassword: string | null;
  masterKey: string | null; // MASTER_KEY (base64, 32 bytes); generated into DATA_DIR when absent outside production
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT が正しくありません / invalid PORT: ${env.PORT}`);
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const host = env.HOST ?? '127.0.0.1';
  const baseUrl = (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const database: DatabaseTarget = env.DATABASE_URL
    ? { engine: 'postgres', url: env.DATABASE_URL }
    : { engine: 'pglite', dataDir: join(dataDir, 'pglite') };
  return {
    port,
    host,
    dataDir,
    baseUrl,
    database,
    smtpUrl: env.SMTP_URL || null,
    mailDir: join(dataDir, 'mail'),
    production: env.NODE_ENV === 'production',
    demo: env.DEMO !== '0' && env.NODE_ENV !== 'production',
    demoPassword: env.DEMO_PASSWORD || null,
    masterKey: env.MASTER_KEY || null,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
  };
}
