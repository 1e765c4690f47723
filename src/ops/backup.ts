// Backup and restore for both engines.
// - PostgreSQL: pg_dump in custom format / pg_restore --clean (online; the service may keep running).
// - PGlite: the data directory as a tar file (dumpDataDir / loadDataDir). PGlite is a single
//   process: stop the service first, or the files may change under the copy.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { keepAuditPositionsAhead } from '../audit/audit-log.ts';
import { openDatabase, PGLITE_EXTENSIONS, type DatabaseTarget } from '../db/database.ts';

const run = promisify(execFile);

export async function backupDatabase(target: DatabaseTarget, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  if (target.engine === 'postgres') {
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', file, target.url]);
    return;
  }
  if (!target.dataDir || !existsSync(target.dataDir)) throw new Error(`データベースが見つかりません / no database at ${target.dataDir}`);
  const pglite = await PGlite.create({ dataDir: target.dataDir, extensions: PGLITE_EXTENSIONS });
  try {
    const dump = await pglite.dumpDataDir('none');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pglite.close();
  }
}

export async function restoreDatabase(target: DatabaseTarget, file: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`バックアップが見つかりません / no backup at ${file}`);
  if (target.engine === 'postgres') {
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', target.url, file]);
    await afterRestore(target);
    return;
  }
  if (!target.dataDir) throw new Error('DATA_DIR is required');
  if (existsSync(target.dataDir)) renameSync(target.dataDir, `${target.dataDir}.before-restore-${Date.now()}`);
  mkdirSync(target.dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: target.dataDir, loadDataDir: new Blob([readFileSync(file)]), extensions: PGLITE_EXTENSIONS });
  await pglite.close();
  await afterRestore(target);
}

/** The restored database may sit on a server whose transaction ids are behind the audit log's positions. */
async function afterRestore(target: DatabaseTarget): Promise<void> {
  const db = await openDatabase(target);
  try {
    const { rows } = await sql<{ ready: boolean }>`select to_regproc('audit_position_offset') is not null as ready`.execute(db);
    if (rows[0]?.ready) await keepAuditPositionsAhead(db); // a backup older than migration 0009 needs nothing
  } finally {
    await db.destroy();
  }
}
