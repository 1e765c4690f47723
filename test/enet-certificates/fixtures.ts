// Concluded guarantees made the real way: an application submitted by the contractor (the
// back-office engineer's fixtures), concluded by the surety's approver through the conclusion
// use case (number, signed certificate, 認証キー, fee statement, customer copy, D-Sure deposit,
// notice mail, audit events — all in its one transaction).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Application } from '../../src/db/schema.ts';
import { concludeGuarantee } from '../../src/issuance/conclude-guarantee.ts';
import { createContractor, createOrderer, createSubmittedApplication, createSurety } from '../issuance/fixtures.ts';
import { TEST_RESULTS_DIR } from '../support/paths.ts';
import type { TestContext } from '../support/test-context.ts';

export const RESULTS_DIR = join(TEST_RESULTS_DIR, 'enet-certificates');

export type Surety = Awaited<ReturnType<typeof createSurety>>;
export type Orderer = Awaited<ReturnType<typeof createOrderer>>;
export type Contractor = Awaited<ReturnType<typeof createContractor>>;

export interface World {
  surety: Surety;
  hita: Orderer; // 日田市: 持参またはFAX, 契約検査室
  other: Orderer; // another city
  contractor: Contractor;
  rival: Contractor; // another company: must never see the contractor's certificates
}

export async function createWorld(t: TestContext): Promise<World> {
  const surety = await createSurety(t.db, '西日本建設業保証株式会社');
  await t.db.updateTable('organisations').set({ address: '大阪府大阪市西区立売堀2丁目1番2号', representative: '代表取締役社長 保証 太郎' }).where('id', '=', surety.organisation.id).execute();
  surety.organisation.address = '大阪府大阪市西区立売堀2丁目1番2号';
  const hita = await createOrderer(t.db, { ordererName: '日田市' });
  const other = await createOrderer(t.db, { ordererName: '中津市', submissionChannels: ['email'], receivingSections: { advance_payment: '建設政策課', contract_performance: '契約検査課' }, contactSection: '契約検査課', notes: ['認証キー等のお知らせは、件名を【電子保証】として契約検査課へメールで提出してください。'] });
  const contractor = await createContractor(t.db);
  const rival = await createContractor(t.db);
  return { surety, hita, other, contractor, rival };
}

export interface Concluded {
  application: Application;
  guaranteeId: string;
  number: string;
  delivery: 'electronic' | 'paper';
}

/** Submits an application for `contractor` to `orderer` and concludes it as the surety's approver. */
export async function concluded(
  t: TestContext,
  world: World,
  options: { orderer?: Orderer; contractor?: Contractor; overrides?: Partial<Omit<Application, 'id' | 'details'>> } = {},
): Promise<Concluded> {
  const contractor = options.contractor ?? world.contractor;
  const orderer = options.orderer ?? world.hita;
  const application = await createSubmittedApplication(
    t.db,
    { surety: world.surety.organisation, contractor: contractor.organisation, applicantUserId: contractor.user.id, orderer: orderer.organisation },
    options.overrides ?? {},
  );
  const approver = world.surety.approver;
  const result = await t.db
    .transaction()
    .execute((trx) =>
      concludeGuarantee(
        trx,
        { secrets: t.secrets, baseUrl: t.config.baseUrl },
        { userId: approver.id, organisationId: world.surety.organisation.id, role: 'surety_approver', ip: '127.0.0.1' },
        { applicationId: application.id, revision: null },
        t.now(),
      ),
    );
  assert.ok(result.ok, `conclusion failed: ${JSON.stringify(result)}`);
  return { application, guaranteeId: result.guaranteeId, number: result.guaranteeContractNumber, delivery: result.delivery };
}

/** A 契約保証 (1/10 of the price) over the works period. */
export const CONTRACT_GUARANTEE = { guarantee_type: 'contract_performance', guaranteed_amount: 3_080_000, guarantee_period_start: '2026-10-15' } as const;

/** Renders page 1 at 150 dpi into test-results/enet-certificates/<name>.png (and keeps the PDF); returns the PNG. */
export function renderFirstPage(pdf: Buffer, name: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'enet-certificates-pdf-'));
  try {
    writeFileSync(join(dir, 'document.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', join(dir, 'document.pdf'), join(dir, 'page')]);
    const png = readFileSync(join(dir, 'page.png'));
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `${name}.png`), png);
    writeFileSync(join(RESULTS_DIR, `${name}.pdf`), pdf);
    return png;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The 認証キー shown on the key page (the text of its groups, joined as written). */
export function keyOnPage(html: string): string | null {
  const groups = [...html.matchAll(/<span class="key-group">([0-9A-Z]{4})<\/span>/g)].map((m) => m[1]);
  return groups.length === 5 ? groups.join('-') : null;
}
