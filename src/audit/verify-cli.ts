// `npm run audit:verify`: seals what is committed, then recomputes the whole chain;
// exits 1 when a sealed row was changed or deleted.
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { sealAllAuditEvents, verifyAuditChain } from './audit-log.ts';

const db = await openDatabase(loadConfig(process.env).database);
try {
  await sealAllAuditEvents(db);
  const result = await verifyAuditChain(db);
  if (result.ok) {
    const pending = result.pending ? `、封印待ち${result.pending}件` : '';
    console.log(`監査ログは正常です（${result.entries}件${pending}） / audit log verified: ${result.entries} entries, ${result.pending} not sealed yet`);
  } else {
    const where = 'sealIndex' in result.broken ? `封印番号 ${result.broken.sealIndex}` : `連番 ${result.broken.chainIndex}`;
    console.error(`監査ログの検証に失敗しました: ${where}: ${result.reason}`);
    process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
