// Factories and helpers of the e-Net保証 tests: orderers with their policies, surety
// companies, valid 法人番号, and a person filling in the application steps.
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import type { DbOrTrx } from '../../src/db/database.ts';
import { corporateNumberCheckDigit, HITA_CITY_POLICY, type OrdererPolicy } from '../../src/domain/index.ts';
import { createOrganisation } from '../support/factories.ts';
import type { TestBrowser } from '../support/http.ts';

/** An orderer organisation with its e-guarantee policy (日田市's by default). */
export async function createOrdererWithPolicy(db: DbOrTrx, policy: OrdererPolicy = HITA_CITY_POLICY, name = policy.ordererName) {
  const organisation = await createOrganisation(db, 'orderer', { name, code: `${policy.ordererCode}-${randomBytes(3).toString('hex')}` });
  await db.insertInto('orderer_policies').values({ orderer_id: organisation.id, policy: JSON.stringify(policy) }).execute();
  return organisation;
}

/** A 13-digit 法人番号 with a correct check digit, from 12 random base digits. */
export function validCorporateNumber(): string {
  const base = Array.from(randomBytes(12), (b) => String(b % 10)).join('');
  return `${corporateNumberCheckDigit(base)}${base}`;
}

/** The same number with a wrong check digit. */
export function wrongCheckDigit(number: string): string {
  return `${(Number(number[0]) + 1) % 10}${number.slice(1)}`;
}

export interface Basics {
  ordererId: string;
  category: string;
  initialContractDate: string;
  guaranteeType: string;
}

/** 手順1 of a new application; returns the new application's id. */
export async function startApplication(browser: TestBrowser, basics: Basics, intent: 'next' | 'save' = 'next'): Promise<string> {
  const res = await browser.submit('/enet/applications/new', '/enet/applications/new', { ...basics, intent });
  assert.equal(res.statusCode, 303, `手順1 was refused: ${res.body.slice(0, 300)}`);
  const match = /^\/enet\/applications\/([0-9a-f-]{36})\//.exec(String(res.headers.location));
  assert.ok(match, `unexpected redirect ${res.headers.location}`);
  return match[1]!;
}

/** The revision in the form on the last page. */
export function revisionOf(html: string): string {
  const match = /name="revision" value="(\d+)"/.exec(html);
  assert.ok(match, 'the page has a revision field');
  return match[1]!;
}

export const ADVANCE_CONTRACT = {
  workName: '市道三本松線道路改良工事',
  workSite: '日田市三本松1丁目地内',
  contractPrice: '12,340,000',
  contractDate: '2025-04-01',
  workPeriodStart: '2025-04-02',
  workPeriodEnd: '2026-03-19',
  guaranteedAmount: '4,900,000',
  guaranteePeriodStart: '2025-04-01',
  guaranteePeriodEnd: '2026-03-19',
  contactNotes: '前払金の請求は4月中を予定しています。',
  delivery: 'electronic',
  clausesConfirmed: '1',
};

/** 手順2 with the given fields (the form's revision taken from the page). */
export async function fillContract(browser: TestBrowser, id: string, fields: Record<string, string>, intent: 'next' | 'save' | 'back' = 'next') {
  const page = await browser.get(`/enet/applications/${id}/contract`);
  assert.equal(page.statusCode, 200);
  return browser.post(`/enet/applications/${id}/contract`, { ...fields, revision: revisionOf(page.body), intent });
}

/** From 手順3 (the confirmation screen), submit. */
export async function submitFromConfirmation(browser: TestBrowser, id: string) {
  const page = await browser.get(`/enet/applications/${id}/confirm`);
  assert.equal(page.statusCode, 200, `confirmation screen: ${page.statusCode} ${page.headers.location ?? ''}`);
  return browser.post(`/enet/applications/${id}/submit`, { revision: revisionOf(page.body) });
}
