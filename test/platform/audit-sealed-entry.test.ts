// The sealed form of an audit row is RFC 8785 canonical JSON, so that anyone can recompute a seal
// with any JCS library. The sealer writes it out by hand for speed; here it is held equal to the
// canonicalize library's output for rows of every shape the log holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import canonicalize from 'canonicalize';
import { sealedEntry, type AuditRow } from '../../src/audit/audit-log.ts';

const byLibrary = (row: AuditRow) =>
  canonicalize({
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    action: row.action,
    actorUserId: row.actor_user_id,
    actorOrganisationId: row.actor_organisation_id,
    ip: row.ip,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    data: row.data,
  });

const rows: AuditRow[] = [
  {
    seq: 1,
    at: new Date('2026-11-27T01:02:03.456Z'),
    action: 'dsure.key_entry_accepted',
    actor_user_id: '6f1c1f36-7e0c-4b8a-9b1e-3c8d2f7a1b2c',
    actor_organisation_id: '0b5c7e2a-1d3f-4e5a-8b6c-9d0e1f2a3b4c',
    ip: '203.0.113.7',
    subject_type: 'certificate',
    subject_id: 'TK-2026-000123-4',
    data: { version: 1 },
  },
  {
    seq: '9007199254740', // bigint columns arrive as text from some drivers
    at: '2026-04-01T00:00:00+09:00',
    action: 'guarantee.concluded',
    actor_user_id: null,
    actor_organisation_id: null,
    ip: null,
    subject_type: 'guarantee',
    subject_id: 'f00d',
    data: { 工事名: '日田市道 改良工事（第２工区）', feeTotal: 123_400, nested: { z: [1, 2.5, -0, 1e21, null, true], a: 'タブ\tと改行\nと"引用"と\\' }, '': 'empty key' },
  },
  {
    seq: 3,
    at: new Date('2019-05-01T00:00:00Z'),
    action: 'test.event',
    actor_user_id: null,
    actor_organisation_id: null,
    ip: '::1',
    subject_type: 'test',
    subject_id: 'emoji 🐚 and \u0007 control',
    data: {},
  },
];

test('a sealed entry is the RFC 8785 canonical JSON of the row, for every shape of row', () => {
  for (const row of rows) assert.equal(sealedEntry(row), byLibrary(row));
});

test('a sealed entry has no raw newline, so the rows of a seal cannot run into each other', () => {
  for (const row of rows) assert.doesNotMatch(sealedEntry(row), /\n/);
});
