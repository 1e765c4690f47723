import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  corporateNumberCheckDigit,
  formatWareki,
  formatYen,
  isValidCorporateNumber,
  parseCorporateNumber,
  parseYen,
  todayInJapan,
} from '../../src/domain/index.ts';

test('和暦: era changes and year 1 written as 元年', () => {
  const table: [string, string][] = [
    ['2019-05-01', '令和元年5月1日'],
    ['2019-04-30', '平成31年4月30日'],
    ['2024-10-01', '令和6年10月1日'],
    ['2025-04-01', '令和7年4月1日'],
    ['2024-09-30', '令和6年9月30日'],
    ['2019-12-31', '令和元年12月31日'],
    ['2020-01-01', '令和2年1月1日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1989-01-08', '平成元年1月8日'],
  ];
  for (const [iso, wareki] of table) assert.equal(formatWareki(iso), wareki, iso);
});

test('和暦 refuses what is not a calendar date', () => {
  for (const bad of ['2024-02-30', '2024/10/01', '20241001', '']) assert.throws(() => formatWareki(bad), RangeError, bad);
});

test('today in Japan is the Tokyo date, whatever the clock zone', () => {
  assert.equal(todayInJapan(new Date('2024-09-30T14:59:59Z')), '2024-09-30');
  assert.equal(todayInJapan(new Date('2024-09-30T15:00:00Z')), '2024-10-01');
  assert.match(todayInJapan(), /^\d{4}-\d{2}-\d{2}$/);
});

test('amounts are written 金12,340,000円', () => {
  assert.equal(formatYen(12_340_000), '金12,340,000円');
  assert.equal(formatYen(0), '金0円');
  assert.equal(formatYen(999), '金999円');
  assert.equal(formatYen(1000), '金1,000円');
  assert.equal(formatYen(-1234), '金△1,234円');
  assert.equal(formatYen(12_340_000, { kin: false }), '12,340,000円');
  assert.throws(() => formatYen(1.5), RangeError);
  assert.throws(() => formatYen(Number.NaN), RangeError);
});

test('typed amounts: full-width digits, commas, 金, 円 and spaces are accepted', () => {
  const table: [string, number | null][] = [
    ['12340000', 12_340_000],
    ['12,340,000', 12_340_000],
    ['金12,340,000円', 12_340_000],
    ['金１２，３４０，０００円', 12_340_000],
    [' １２３４ 円', 1234],
    ['金12,340,000円也', 12_340_000],
    ['0', 0],
    ['12,34,000', null],
    ['1.5', null],
    ['-100', null],
    ['', null],
    ['金円', null],
    ['十万円', null],
    ['99999999999999999999', null],
  ];
  for (const [typed, amount] of table) assert.equal(parseYen(typed), amount, typed);
});

test('formatYen and parseYen are inverse for every non-negative amount', () => {
  fc.assert(fc.property(fc.maxSafeNat(), (amount) => assert.equal(parseYen(formatYen(amount)), amount)));
});

test('法人番号: real numbers pass the check digit', () => {
  assert.equal(corporateNumberCheckDigit('000012050002'), 7); // 国税庁
  assert.ok(isValidCorporateNumber('7000012050002')); // 国税庁
  assert.ok(isValidCorporateNumber('1180301018771')); // トヨタ自動車株式会社
  assert.ok(isValidCorporateNumber('７０００ ０１２０ ５０００２'));
  assert.equal(parseCorporateNumber('７０００－０１２０－５０００２'), '7000012050002');
  for (const bad of ['8000012050002', '6000012050002', '700001205000', '70000120500021', 'A000012050002', '']) {
    assert.equal(isValidCorporateNumber(bad), false, bad);
  }
});

test('法人番号: changing one digit is detected unless it swaps 0 and 9 (the scheme works mod 9)', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 }), fc.nat(12), fc.nat(9), (base, position, digit) => {
      const number = `${corporateNumberCheckDigit(base)}${base}`;
      assert.ok(isValidCorporateNumber(number));
      const original = Number(number[position]);
      fc.pre(original !== digit && Math.abs(original - digit) !== 9);
      const changed = `${number.slice(0, position)}${digit}${number.slice(position + 1)}`;
      assert.equal(isValidCorporateNumber(changed), false, `${number} → ${changed}`);
    }),
    { numRuns: 2000 },
  );
});
