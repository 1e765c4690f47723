// `npm start`: configuration → secrets → database (migrated) → demo data → HTTP.
import { startWebhookWorker } from './api/webhooks/deliver-webhooks.ts';
import { buildApp } from './app.ts';
import { keepAuditPositionsAhead, startAuditSealer } from './audit/audit-log.ts';
import type { AppContext } from './app-context.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest, openDatabase } from './db/database.ts';
import { preloadDocumentFont } from './documents/index.ts';
import { ensureSigningKeys } from './issuance/signing-keys.ts';
import { createMailSender, startMailWorker } from './mail/outbox.ts';
import { createMetrics } from './ops/metrics.ts';
import { loadSecrets } from './secrets.ts';
import { DEMO_LOGINS, seedDemoData } from './seed/demo.ts';

const config = loadConfig(process.env);
const secrets = loadSecrets({ masterKey: config.masterKey, dataDir: config.dataDir, production: config.production });
const db = await openDatabase(config.database);
await migrateToLatest(db);
await keepAuditPositionsAhead(db); // a database restored by hand into another server: new audit rows go after the restored ones

let demoPassword: string | null = null;
if (config.demo) demoPassword = await seedDemoData(db, config.demoPassword);
await ensureSigningKeys(db, secrets, new Date()); // the JWKS is published before the first conclusion

const now = () => new Date();
const ctx: AppContext = { config, db, secrets, now, metrics: createMetrics(db, now) };
const app = await buildApp(ctx);
preloadDocumentFont(); // parse the 7.6 MB Japanese font once, before the first PDF is asked for
const auditSealer = startAuditSealer(db, 1000, (e) => app.log.error(e));
const mailWorker = startMailWorker(db, createMailSender({ smtpUrl: config.smtpUrl, mailDir: config.mailDir }), ctx.now, 2000, (e) => app.log.error(e));
startWebhookWorker(app, ctx); // signed webhook deliveries with retries; stops when the app closes

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  console.log(`${signal} を受信しました。停止します / shutting down`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await app.close();
  await mailWorker.stop();
  await auditSealer.stop();
  await db.destroy();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
const engine = config.database.engine === 'pglite' ? `PGlite (${config.database.dataDir})` : 'PostgreSQL';
console.log(`電子保証 起動しました / listening: ${config.baseUrl}  (database: ${engine})`);
console.log(`  e-Net保証 (受注者): ${config.baseUrl}/enet   保証会社: ${config.baseUrl}/staff   D-Sure (発注者): ${config.baseUrl}/dsure`);
if (demoPassword) {
  console.log('デモ用ログイン / demo logins:');
  for (const [who, loginId] of Object.entries(DEMO_LOGINS)) console.log(`  ${who.padEnd(10)} ${loginId}  password: ${demoPassword}`);
}
