// `npm run migrate`: applies pending migrations to the configured database.
import { loadConfig } from '../config.ts';
import { migrateToLatest, openDatabase } from './database.ts';

const config = loadConfig(process.env);
const db = await openDatabase(config.database);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `適用したマイグレーション / applied: ${applied.join(', ')}` : 'マイグレーションは最新です / up to date');
} finally {
  await db.destroy();
}
