// The orderer's list of registered certificates: search, expiry windows and keyset pagination
// (newest registration first; the cursor is the last row's registration time and number, so
// a page never shifts when rows are added, and no OFFSET scan grows with the page number).
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import {
  addDays,
  certificateStatus,
  isGuaranteeType,
  normalizeTyped,
  todayInJapan,
  type CertificateStatus,
  type GuaranteeType,
} from '../../domain/index.ts';

export const EXPIRY_WINDOWS = [30, 60, 90] as const;
export type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number];

export interface CertificateFilter {
  number?: string; // part of a 保証契約番号, as typed
  workName?: string; // part of 工事名
  contractor?: string; // part of the contractor's name
  type?: GuaranteeType;
  status?: CertificateStatus;
  expiringWithin?: ExpiryWindow; // guarantee period ends within N days (from today, not cancelled)
}

export interface CertificateListRow {
  guaranteeContractNumber: string;
  guaranteeType: GuaranteeType;
  workName: string;
  contractorName: string;
  guaranteedAmount: number;
  guaranteePeriodEnd: string;
  latestVersion: number;
  issuerName: string;
  registeredAt: Date;
  status: CertificateStatus;
}

export interface CertificatePage {
  rows: CertificateListRow[];
  nextCursor: string | null;
}

export const PAGE_SIZE = 20;

type ListDb = Database & { r: Database['dsure_registrations']; g: Database['dsure_guarantees']; i: Database['dsure_issuers'] };

/**
 * The name indexes hold each name's bigrams (migration 0011): a one-character word gives them
 * nothing to look up, and such a search walks the list.
 */
const indexable = (word: string) => [...word].length >= 2;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Where the rows come from: the orderer's registrations after the cursor.
 * - `planned`: joined to their certificates in the plan PostgreSQL chooses (for a name search,
 *   the name indexes of migration 0011).
 * - `walk`: newest first, each certificate looked up by its number, so the walk stops at the
 *   page's last match; `newest` bounds it to that many registrations. LATERAL … LIMIT 1 keeps
 *   PostgreSQL from turning the walk into a scan of a name index, also in a prepared statement's
 *   generic plan, which does not know the search word.
 */
type RowSource = { kind: 'planned'; cursor: Cursor | null } | { kind: 'walk'; cursor: Cursor | null; newest?: number };

function fromRegistrations(db: DbOrTrx, ordererId: string, source: RowSource): SelectQueryBuilder<ListDb, 'r' | 'g' | 'i', object> {
  const { cursor } = source;
  const registrations = db
    .selectFrom('dsure_registrations as r')
    .where('r.orderer_id', '=', ordererId)
    .$if(cursor !== null, (q) => q.where(sql<boolean>`(r.registered_at, r.guarantee_contract_number) < (${cursor!.at}::timestamptz, ${cursor!.number})`));
  if (source.kind === 'planned') {
    return registrations.innerJoin('dsure_guarantees as g', 'g.guarantee_contract_number', 'r.guarantee_contract_number').innerJoin('dsure_issuers as i', 'i.code', 'g.issuer_code');
  }
  // Bounded: a subquery of the newest registrations (its LIMIT a constant, so a prepared plan
  // knows it). Unbounded: the table itself, so the page's LIMIT makes the plan read it in order.
  const { newest } = source;
  const walked =
    newest === undefined
      ? registrations
      : db.selectFrom(
          registrations
            .selectAll('r')
            .orderBy('r.registered_at', 'desc')
            .orderBy('r.guarantee_contract_number', 'desc')
            .limit(sql.lit(Math.max(0, Math.trunc(newest))))
            .as('r'),
        );
  const walk = (walked as unknown as SelectQueryBuilder<ListDb, 'r', object>)
    .innerJoinLateral(
      (eb) => eb.selectFrom('dsure_guarantees as g').selectAll('g').whereRef('g.guarantee_contract_number', '=', 'r.guarantee_contract_number').limit(sql.lit(1)).as('g'),
      (join) => join.onTrue(),
    )
    .innerJoin('dsure_issuers as i', 'i.code', 'g.issuer_code');
  // The same tables under the same names and columns as `planned`: Kysely types a subquery, a
  // lateral subquery and a table apart, the SQL does not.
  return walk as unknown as SelectQueryBuilder<ListDb, 'r' | 'g' | 'i', object>;
}

function baseQuery(db: DbOrTrx, ordererId: string, filter: CertificateFilter, today: string, source: RowSource = { kind: 'planned', cursor: null }) {
  let query = fromRegistrations(db, ordererId, source)
    .select([
      'r.guarantee_contract_number',
      'r.registered_at',
      'r.last_opened_version',
      'g.guarantee_type',
      'g.work_name',
      'g.contractor_name',
      'g.guaranteed_amount',
      'g.guarantee_period_end',
      'g.latest_version',
      'g.cancelled',
      'i.name as issuer_name',
    ]);

  const number = filter.number ? normalizeTyped(filter.number) : '';
  if (number) {
    // Hyphens are optional when typing a number: compare without them.
    query = query.where(sql<boolean>`replace(r.guarantee_contract_number, '-', '') like ${likePattern(number.replaceAll('-', ''))}`);
  }
  if (source.kind === 'planned' && (filter.workName || filter.contractor)) {
    // So PostgreSQL reads the name indexes led by the orderer's code (migration 0011) instead of
    // every orderer's certificates.
    query = query.where(addressedTo(ordererId));
    // What the name indexes look up: the rows whose name holds every bigram of the word (ILIKE,
    // below, then checks their order). Not in a walk, where it would only cost.
    for (const [column, word] of [['work_name', filter.workName], ['contractor_name', filter.contractor]] as const) {
      if (word && indexable(word)) query = query.where(sql<boolean>`name_bigrams(${sql.ref(`g.${column}`)}) @> name_bigrams(${word})`);
    }
  }
  if (filter.workName) query = query.where(sql<boolean>`g.work_name ilike ${likePattern(filter.workName)}`);
  if (filter.contractor) query = query.where(sql<boolean>`g.contractor_name ilike ${likePattern(filter.contractor)}`);
  for (const condition of summaryConditions(filter, today)) query = query.where(condition);
  return query;
}

/**
 * The summary `g` is of a certificate addressed to the orderer (its code). True of every
 * registration: both doors that register one check it (the key check and the acceptance of a
 * submission). Stated so that PostgreSQL can start from indexes led by the orderer's code.
 */
const addressedTo = (ordererId: string) => sql<SqlBool>`g.orderer_code = (select code from organisations where id = ${ordererId})`;

/** The filters a certificate's stored summary answers: 種類, 状態 and 保証期限 within a window. */
type SummaryFilter = Pick<CertificateFilter, 'type' | 'status' | 'expiringWithin'>;
type SummaryCondition = (eb: ExpressionBuilder<ListDb, 'r' | 'g' | 'i'>) => Expression<SqlBool>;

function summaryConditions(filter: SummaryFilter, today: string): SummaryCondition[] {
  const conditions: SummaryCondition[] = [];
  if (filter.type) conditions.push((eb) => eb('g.guarantee_type', '=', filter.type!));
  if (filter.status) conditions.push((eb) => statusCondition(eb, filter.status!, today));
  if (filter.expiringWithin) {
    const until = addDays(today, filter.expiringWithin);
    conditions.push((eb) => eb.and([eb('g.cancelled', '=', false), eb('g.guarantee_period_end', '>=', today), eb('g.guarantee_period_end', '<=', until)]));
  }
  return conditions;
}

// The domain's certificateStatus, as a condition on the stored summary (same order of rules:
// 解約, then 期間満了, then 変更あり). The list test checks the two agree.
function statusCondition(eb: ExpressionBuilder<ListDb, 'r' | 'g' | 'i'>, status: CertificateStatus, today: string) {
  const notCancelled = eb('g.cancelled', '=', false);
  const inPeriod = eb('g.guarantee_period_end', '>=', today);
  switch (status) {
    case 'cancelled':
      return eb('g.cancelled', '=', true);
    case 'expired':
      return eb.and([notCancelled, eb('g.guarantee_period_end', '<', today)]);
    case 'changed':
      return eb.and([notCancelled, inPeriod, eb('g.latest_version', '>', eb.ref('r.last_opened_version'))]);
    case 'valid':
      return eb.and([notCancelled, inPeriod, eb('g.latest_version', '<=', eb.ref('r.last_opened_version'))]);
  }
}

interface Cursor {
  at: string;
  number: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.number]), 'utf8').toString('base64url');
}

/** The cursor from a URL, or null when it is missing or not one of ours (then the first page is shown). */
export function decodeCursor(text: string | undefined): Cursor | null {
  if (!text || text.length > 200) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, number] = value as unknown[];
    if (typeof at !== 'string' || typeof number !== 'string' || Number.isNaN(Date.parse(at)) || number.length > 40) return null;
    return { at: new Date(at).toISOString(), number };
  } catch {
    return null;
  }
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toListRow(row: Row, today: string): CertificateListRow {
  return {
    guaranteeContractNumber: row.guarantee_contract_number,
    guaranteeType: (isGuaranteeType(row.guarantee_type) ? row.guarantee_type : 'advance_payment') as GuaranteeType,
    workName: row.work_name,
    contractorName: row.contractor_name,
    guaranteedAmount: Number(row.guaranteed_amount),
    guaranteePeriodEnd: row.guarantee_period_end,
    latestVersion: row.latest_version,
    issuerName: row.issuer_name,
    registeredAt: new Date(row.registered_at),
    status: certificateStatus({
      latestVersion: row.latest_version,
      cancelled: row.cancelled,
      guaranteePeriodEnd: row.guarantee_period_end,
      lastOpenedVersion: row.last_opened_version,
      today,
    }),
  };
}

/**
 * A name search first walks this many of the orderer's newest registrations (after the cursor).
 * A common word (工事, 道路) fills the page from them, where the name indexes would fetch every
 * match of the orderer to sort them by registration; a rarer word does not, and the name indexes
 * answer (bench/README.md, fifth session).
 */
const NEWEST_REGISTRATIONS_FIRST = 500;

/** One page of the orderer's registered certificates matching the filter. */
export async function listRegisteredCertificates(
  db: DbOrTrx,
  ordererId: string,
  filter: CertificateFilter,
  options: { after?: string | null; limit?: number; now: Date; newestFirst?: number },
): Promise<CertificatePage> {
  const today = todayInJapan(options.now);
  const limit = options.limit ?? PAGE_SIZE;
  const cursor = decodeCursor(options.after ?? undefined);
  const page = (rows: Row[]): CertificatePage => {
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor({ at: new Date(last.registered_at).toISOString(), number: last.guarantee_contract_number }) : null;
    return { rows: shown.map((row) => toListRow(row, today)), nextCursor };
  };
  const rowsOf = (source: RowSource) =>
    baseQuery(db, ordererId, filter, today, source)
      .orderBy('r.registered_at', 'desc')
      .orderBy('r.guarantee_contract_number', 'desc')
      .limit(limit + 1)
      .execute();

  const words = [filter.workName, filter.contractor].filter((word): word is string => !!word);
  if (words.length > 0) {
    if (!words.some(indexable)) return page(await rowsOf({ kind: 'walk', cursor }));
    // The newest registrations in order, filtered: when they hold a full page and one more, those
    // are exactly the first matches of the whole list. (Never for pages as long as the walk: the
    // CSV export's.)
    const newestFirst = options.newestFirst ?? NEWEST_REGISTRATIONS_FIRST;
    if (newestFirst > limit) {
      const newest = await rowsOf({ kind: 'walk', cursor, newest: newestFirst });
      if (newest.length > limit) return page(newest);
    }
  }
  return page(await rowsOf({ kind: 'planned', cursor }));
}

/** Every matching row, fetched page by page (for the CSV export). */
export async function* allRegisteredCertificates(db: DbOrTrx, ordererId: string, filter: CertificateFilter, now: Date): AsyncGenerator<CertificateListRow> {
  let after: string | null = null;
  do {
    const page: CertificatePage = await listRegisteredCertificates(db, ordererId, filter, { after, limit: 500, now });
    yield* page.rows;
    after = page.nextCursor;
  } while (after);
}

/**
 * The home page's counts of the orderer's registered certificates: all of them, 変更あり (the
 * list's status filter) and those whose 保証期限 ends within 30 days (its expiry filter), in one
 * statement. Each count starts from what can match: the registrations alone for all of them
 * (each has its summary: a foreign key), the summaries that have a later version or a period
 * ending soon for the other two (migration 0012's partial indexes, whose conditions are stated
 * here as literals so that a prepared statement's generic plan can use them), each then checked
 * against the orderer's registration (and addressedTo the orderer, as in the name search).
 */
export async function countHomeCertificates(db: DbOrTrx, ordererId: string, now: Date): Promise<{ total: number; changed: number; expiringWithin30: number }> {
  const today = todayInJapan(now);
  const registeredSummaries = (eb: ExpressionBuilder<Database, never>, partialIndexCondition: RawBuilder<SqlBool>, filter: SummaryFilter) =>
    (eb.selectFrom('dsure_guarantees as g') as unknown as SelectQueryBuilder<ListDb, 'g', object>)
      .innerJoin('dsure_registrations as r', (join) => join.on('r.orderer_id', '=', ordererId).onRef('r.guarantee_contract_number', '=', 'g.guarantee_contract_number'))
      .where(addressedTo(ordererId))
      .where(partialIndexCondition)
      .where((inner) => inner.and(summaryConditions(filter, today).map((condition) => condition(inner as ExpressionBuilder<ListDb, 'r' | 'g' | 'i'>))))
      .select((inner) => inner.fn.countAll<number>().as('n'));
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('dsure_registrations as r').select(eb.fn.countAll<number>().as('n')).where('r.orderer_id', '=', ordererId).as('total'),
      registeredSummaries(eb, sql<SqlBool>`g.latest_version > 1 and not g.cancelled`, { status: 'changed' }).as('changed'),
      registeredSummaries(eb, sql<SqlBool>`not g.cancelled`, { expiringWithin: 30 }).as('expiring'),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), changed: Number(row.changed), expiringWithin30: Number(row.expiring) };
}
