// Versioned migrations, applied in name order at start and by `npm run migrate`.
// A new module adds its file here; a migration, once landed, is never edited.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_applications_audit_mail.ts';
import * as m0003 from './0003_enet.ts';
import * as m0004 from './0004_issuance.ts';
import * as m0005 from './0005_dsure.ts';
import * as m0008 from './0008_serial_sequences.ts';
import * as m0007 from './0007_api_submission.ts';
import * as m0009 from './0009_audit_seals.ts';
import * as m0010 from './0010_search_trigrams.ts';
import * as m0011 from './0011_search_bigrams.ts';
import * as m0012 from './0012_home_counts.ts';

const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_applications_audit_mail': m0002,
  '0003_enet': m0003,
  '0004_issuance': m0004,
  '0005_dsure': m0005,
  '0007_api_submission': m0007,
  '0008_serial_sequences': m0008,
  '0009_audit_seals': m0009,
  '0010_search_trigrams': m0010,
  '0011_search_bigrams': m0011,
  '0012_home_counts': m0012,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
