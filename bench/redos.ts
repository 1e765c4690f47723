// The ReDoS case of issue 20: a hostile e-mail value filling the form limit (256 KiB) posted to the
// public registration, on a real port. Reports the server's CPU time for that request
// (process.cpuUsage around it) and how long /healthz, asked every 5 ms meanwhile, took to answer.
// Run: npx tsx bench/redos.ts [value length in characters]   (PostgreSQL at BENCH_DATABASE_URL)
import { buildApp } from '../src/app.ts';
import { FORM_BODY_LIMIT } from '../src/web/form-body.ts';
import { benchContext, freshDatabase, round } from './lib.ts';

const ctx = await benchContext(await freshDatabase('bench_redos'));
const app = await buildApp(ctx);
const base = await app.listen({ port: 0, host: '127.0.0.1' });

const form = await fetch(`${base}/enet/register`);
const cookie = (form.headers.get('set-cookie') ?? '').split(';', 1)[0]!;
const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
const fields = { name: '株式会社ベンチ建設', corporateNumber: '', address: '大分県日田市', representative: '代表', contactName: '担当', phone: '0973-22-1234', _csrf: csrf };
const rest = new URLSearchParams(fields).toString();
const length = Number(process.argv[2] ?? FORM_BODY_LIMIT - rest.length - '&email=a%40%40'.length);
const body = `${rest}&email=${encodeURIComponent(`a@${'.'.repeat(length)}@`)}`;

const healthz: number[] = [];
const probe = setInterval(() => {
  const started = performance.now();
  void fetch(`${base}/healthz`).then(() => healthz.push(performance.now() - started));
}, 5);
const cpuBefore = process.cpuUsage();
const started = performance.now();
const res = await fetch(`${base}/enet/register`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
const text = await res.text();
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
await new Promise((r) => setTimeout(r, 50));
clearInterval(probe);

console.log(JSON.stringify({
  bodyBytes: Buffer.byteLength(body),
  emailCharacters: length + 3,
  status: res.status,
  lengthMessage: text.includes('メールアドレスは254文字以内で入力してください。'),
  requestCpuMs: round((cpu.user + cpu.system) / 1000),
  requestWallMs: round(wallMs),
  healthzAnswers: healthz.length,
  healthzMaxMs: round(Math.max(...healthz)),
}, null, 2));
await app.close();
await ctx.db.destroy();
process.exit(0);
