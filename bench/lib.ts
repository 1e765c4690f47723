// Shared pieces of the benchmarks: a fresh PostgreSQL database per part, an app
// context on it, the machine's description, percentiles, autocannon in a child
// process (so the load generator does not share the server's event loop), results.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { AppContext } from '../src/app-context.ts';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest, openDatabase } from '../src/db/database.ts';
import { createMetrics } from '../src/ops/metrics.ts';
import { secretsFromMasterKey } from '../src/secrets.ts';

const run = promisify(execFile);
export const ROOT = new URL('../', import.meta.url).pathname;
export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function benchContext(url: string, poolSize = 10): Promise<AppContext> {
  const db = await openDatabase({ engine: 'postgres', url, poolSize });
  await migrateToLatest(db);
  const now = () => new Date();
  return {
    config: { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: `/tmp/denshi-hosho-bench-${randomBytes(3).toString('hex')}`, BASE_URL: 'http://localhost:3000' }), logLevel: 'silent' },
    db,
    secrets: secretsFromMasterKey(randomBytes(32)),
    now,
    metrics: createMetrics(db, now),
  };
}

export async function machine() {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  const version = (await client.query('show server_version')).rows[0].server_version as string;
  await client.end();
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: version,
    date: new Date().toISOString(),
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  statusCodes: Record<string, number>;
  errors: number;
  /** CPU milliseconds per request spent by the server process, PostgreSQL and the load generator */
  cpuMsPerRequest: { server: number; postgres: number; loadGenerator: number };
  /** Write-ahead log written per request, in bytes (what the server writes for it, durably): unlike time, not noisy */
  walBytesPerRequest: number;
}

export interface LoadRequest {
  method?: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * autocannon in a child process: `connections` clients for `seconds`. With `requests`, each
 * connection cycles through those shapes (different certificates, different users).
 */
export async function load(options: {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  requests?: LoadRequest[];
  connections?: number;
  seconds?: number;
}): Promise<LoadResult> {
  const config = {
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    body: options.body,
    requests: options.requests,
    connections: options.connections ?? 50,
    duration: options.seconds ?? 10,
  };
  const before = cpuTimes();
  const walBefore = await walPosition();
  const { stdout } = await run(process.execPath, [join(ROOT, 'bench/autocannon-child.mjs'), JSON.stringify(config)], { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    statusCodeStats?: Record<string, { count: number }>;
  };
  const after = cpuTimes();
  const walBytes = await walBytesSince(walBefore);
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count;
  const perRequest = (ms: number) => round(ms / Math.max(1, result.requests.total), 3);
  return {
    cpuMsPerRequest: {
      server: perRequest(after.self - before.self),
      postgres: perRequest(after.postgres - before.postgres),
      loadGenerator: perRequest(after.children - before.children),
    },
    walBytesPerRequest: round(walBytes / Math.max(1, result.requests.total), 0),
    requestsPerSecond: round(result.requests.average, 0),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    statusCodes,
    errors: result.errors,
  };
}

/**
 * CPU time (ms) used so far by this process (the server under test), by its waited-for children
 * (the load generator, once it has exited) and by every PostgreSQL process on the machine.
 */
export function cpuTimes(): { self: number; children: number; postgres: number } {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const fields = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = fields(readFileSync('/proc/self/stat', 'utf8'));
  // after ')': state(0) ... utime(11) stime(12) cutime(13) cstime(14)
  const self = (Number(own[11]) + Number(own[12])) * tick;
  const children = (Number(own[13]) + Number(own[14])) * tick;
  let postgres = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = fields(stat);
      // the postmaster's cutime/cstime hold the backends that have already exited
      postgres += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * tick;
    } catch {
      // the process ended between the listing and the read
    }
  }
  return { self, children, postgres };
}

/** One query on the bench's PostgreSQL server, on a connection of its own. */
async function onServer<R extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<R> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows[0]!;
  } finally {
    await client.end();
  }
}

/** The server's current write-ahead log position (the whole server: run nothing else beside a bench). */
export async function walPosition(): Promise<string> {
  return (await onServer<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).lsn;
}

/** Bytes of write-ahead log written since `before`. */
export async function walBytesSince(before: string): Promise<number> {
  return Number((await onServer<{ bytes: string }>('select pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text as bytes', [before])).bytes);
}

export function writeResult(name: string, data: unknown): string {
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `${name}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

/** Logs in through the real form and returns the session cookie and a CSRF token for that session. */
export async function loginForLoad(baseUrl: string, portal: 'enet' | 'staff' | 'dsure', loginId: string, password: string, formPage: string) {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [k, ...v] = pair!.split('=');
      cookies.set(k!.trim(), v.join('='));
    }
  };
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  let res = await fetch(`${baseUrl}/${portal}/login`);
  keep(res);
  const loginToken = token(await res.text());
  res = await fetch(`${baseUrl}/${portal}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ loginId, password, _csrf: loginToken }).toString(),
  });
  keep(res);
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  res = await fetch(`${baseUrl}${formPage}`, { headers: { cookie: header() } });
  const csrf = token(await res.text());
  return { cookie: header(), csrf };
}
