// `npm run backup -- <file>` and `npm run restore -- <file>` for the configured database.
import { loadConfig } from '../config.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';

const [command, file] = process.argv.slice(2);
if ((command !== 'backup' && command !== 'restore') || !file) {
  console.error('使い方 / usage: npm run backup -- <file> | npm run restore -- <file>');
  process.exit(2);
}
const config = loadConfig(process.env);
if (command === 'backup') {
  await backupDatabase(config.database, file);
  console.log(`バックアップを作成しました / backup written: ${file}`);
} else {
  await restoreDatabase(config.database, file);
  console.log(`バックアップから復元しました / restored from: ${file}`);
}
