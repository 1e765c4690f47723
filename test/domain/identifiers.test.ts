import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  AUTHENTICATION_KEY_ALPHABET,
  AUTHENTICATION_KEY_BITS,
  fiscalYearOf,
  formatGuaranteeContractNumber,
  generateAuthenticationKey,
  generateGuaranteeContractNumber,
  isValidGuaranteeContractNumber,
  normalizeTyped,
  parseAuthenticationKey,
  parseGuaranteeContractNumber,
} from '../../src/domain/index.ts';

// ---------------------------------------------------------------------------
// normalizeTyped

const HYPHENS = ['-', '‐', '‑', '‒', '–', '—', '―', '−', 'ー', 'ｰ', '﹣', '－', '⁃', '─'];

/** Half-width printable ASCII → its full-width form (space → U+3000). */
function toFullWidth(text: string): string {
  return [...text].map((c) => (c === ' ' ? '\u3000' : c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
}

test('normalizeTyped is idempotent on any Unicode input', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 40 }), (input) => {
      const once = normalizeTyped(input);
      assert.equal(normalizeTyped(once), once);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (input) => {
      const once = normalizeTyped(input);
      assert.equal(normalizeTyped(once), once);
    }),
    { numRuns: 2000 },
  );
});

test('normalizeTyped reads full-width, lower-case and spaced input as the half-width upper-case text', () => {
  const alphanumeric = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-'), maxLength: 30 });
  fc.assert(
    fc.property(alphanumeric, fc.array(fc.nat(30)), (text, spacePositions) => {
      const expected = text.toUpperCase();
      let typed = toFullWidth(text);
      for (const position of spacePositions) typed = `${typed.slice(0, position)}${position % 2 ? ' ' : '\u3000'}${typed.slice(position)}`;
      assert.equal(normalizeTyped(typed), expected);
    }),
  );
});

test('normalizeTyped turns every hyphen and dash variant into "-"', () => {
  for (const hyphen of HYPHENS) {
    assert.equal(normalizeTyped(`wj${hyphen}2026`), 'WJ-2026', `U+${hyphen.codePointAt(0)?.toString(16)}`);
  }
  assert.equal(normalizeTyped(' ｋ７ｑｘ　－ ａｂｃｄ '), 'K7QX-ABCD');
});

// ---------------------------------------------------------------------------
// 保証契約番号

const issuerCode = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 2, maxLength: 2 });
const fiscalYear = fc.integer({ min: 1000, max: 9999 });
const serial = fc.integer({ min: 1, max: 999_999 });
const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

test('a 保証契約番号 is written as issuer-year-serial-check', () => {
  const number = generateGuaranteeContractNumber('WJ', 2026, 123);
  assert.match(number, /^WJ-2026-000123-\d{2}$/);
  assert.equal(number, formatGuaranteeContractNumber({ issuerCode: 'wj', fiscalYear: 2026, serial: 123 }));
  assert.deepEqual(parseGuaranteeContractNumber(number), {
    issuerCode: 'WJ',
    fiscalYear: 2026,
    serial: 123,
    checkDigits: number.slice(-2),
    canonical: number,
  });
});

test('every generated 保証契約番号 passes its check digits, also when typed full-width without hyphens', () => {
  fc.assert(
    fc.property(issuerCode, fiscalYear, serial, (issuer, year, n) => {
      const number = generateGuaranteeContractNumber(issuer, year, n);
      assert.ok(isValidGuaranteeContractNumber(number));
      const parsed = parseGuaranteeContractNumber(toFullWidth(number.toLowerCase().replaceAll('-', ' ')));
      assert.deepEqual(parsed && [parsed.issuerCode, parsed.fiscalYear, parsed.serial, parsed.canonical], [issuer, year, n, number]);
    }),
    { numRuns: 2000 },
  );
});

test('any one changed character of a 保証契約番号 makes it invalid', () => {
  fc.assert(
    fc.property(issuerCode, fiscalYear, serial, fc.nat(), fc.constantFrom(...BASE36), (issuer, year, n, at, replacement) => {
      const number = generateGuaranteeContractNumber(issuer, year, n);
      const position = at % number.length;
      fc.pre(number[position] !== replacement);
      const changed = `${number.slice(0, position)}${replacement}${number.slice(position + 1)}`;
      assert.equal(isValidGuaranteeContractNumber(changed), false, `${number} → ${changed}`);
    }),
    { numRuns: 5000 },
  );
});

test('swapping two neighbouring characters of a 保証契約番号 makes it invalid', () => {
  fc.assert(
    fc.property(issuerCode, fiscalYear, serial, fc.nat(), (issuer, year, n, at) => {
      const number = generateGuaranteeContractNumber(issuer, year, n);
      const compact = number.replaceAll('-', '');
      const position = at % (compact.length - 1);
      fc.pre(compact[position] !== compact[position + 1]);
      const swapped = `${compact.slice(0, position)}${compact[position + 1]}${compact[position]}${compact.slice(position + 2)}`;
      assert.equal(isValidGuaranteeContractNumber(swapped), false, `${compact} → ${swapped}`);
    }),
    { numRuns: 5000 },
  );
});

test('malformed 保証契約番号 are refused', () => {
  const good = generateGuaranteeContractNumber('EJ', 2025, 42);
  for (const bad of ['', 'EJ-2025-42', `${good}0`, good.slice(0, -1), 'EJ-2025-000000-00', 'E-2025-000042-00', '日田-2025-000042-00']) {
    assert.equal(parseGuaranteeContractNumber(bad), null, bad);
  }
  assert.throws(() => generateGuaranteeContractNumber('WJX', 2026, 1), RangeError);
  assert.throws(() => generateGuaranteeContractNumber('WJ', 26, 1), RangeError);
  assert.throws(() => generateGuaranteeContractNumber('WJ', 2026, 0), RangeError);
  assert.throws(() => generateGuaranteeContractNumber('WJ', 2026, 1_000_000), RangeError);
});

test('the fiscal year (年度) starts on April 1', () => {
  assert.equal(fiscalYearOf('2026-03-31'), 2025);
  assert.equal(fiscalYearOf('2026-04-01'), 2026);
  assert.equal(fiscalYearOf('2025-12-31'), 2025);
  assert.equal(fiscalYearOf('2026-01-01'), 2025);
  assert.throws(() => fiscalYearOf('2026/04/01'), RangeError);
});

// ---------------------------------------------------------------------------
// 認証キー

const LOOK_ALIKES = [...'0O1IL2Z5S8BUV'];

/** A random source that cycles through the given bytes (deterministic). */
function cyclingSource(bytes: number[]): (count: number) => Uint8Array {
  let next = 0;
  return (count) => Uint8Array.from({ length: count }, () => bytes[next++ % bytes.length] as number);
}

test('an 認証キー has at least 80 bits, five groups of four, and no look-alike characters', () => {
  assert.ok(AUTHENTICATION_KEY_BITS >= 80, String(AUTHENTICATION_KEY_BITS));
  for (const character of LOOK_ALIKES) assert.ok(!AUTHENTICATION_KEY_ALPHABET.includes(character), character);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }).filter((bytes) => bytes.some((b) => b < 253)), (bytes) => {
      const key = generateAuthenticationKey(cyclingSource(bytes));
      assert.match(key, /^[^-]{4}(-[^-]{4}){4}$/);
      for (const character of key.replaceAll('-', '')) {
        assert.ok(AUTHENTICATION_KEY_ALPHABET.includes(character), `${character} in ${key}`);
        assert.ok(!LOOK_ALIKES.includes(character), `${character} in ${key}`);
      }
      assert.equal(parseAuthenticationKey(key), key);
    }),
    { numRuns: 2000 },
  );
});

test('the same random bytes give the same 認証キー; bytes ≥ 253 are skipped to avoid bias', () => {
  const bytes = Array.from({ length: 19 }, (_, i) => i);
  assert.equal(generateAuthenticationKey(cyclingSource(bytes)), generateAuthenticationKey(cyclingSource(bytes)));
  assert.equal(
    generateAuthenticationKey(cyclingSource([253, 254, 255, ...bytes])).slice(0, 20),
    generateAuthenticationKey(cyclingSource(bytes)).slice(0, 20),
  );
  // byte 0 → '3' (first letter), byte 22 → 'Y' (last letter), byte 23 → '3' again.
  assert.match(generateAuthenticationKey(cyclingSource([0, 22, 23])), /^3Y33-Y33Y/);
  assert.throws(() => generateAuthenticationKey(cyclingSource([255])), /乱数源/);
});

test('1,000,000 認証キー from the default (node:crypto) source are all different', (t) => {
  const started = performance.now();
  const keys = new Set<string>();
  for (let i = 0; i < 1_000_000; i++) keys.add(generateAuthenticationKey());
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`1,000,000 keys in ${seconds.toFixed(2)} s`);
  assert.equal(keys.size, 1_000_000);
});

test('an 認証キー typed with full-width characters, lower case, spaces or other dashes is read back', () => {
  const key = generateAuthenticationKey();
  assert.equal(parseAuthenticationKey(toFullWidth(key.toLowerCase()).replaceAll('－', 'ー')), key);
  assert.equal(parseAuthenticationKey(key.replaceAll('-', ' ')), key);
  assert.equal(parseAuthenticationKey(key.replaceAll('-', '')), key);
});

test('an 認証キー with one mistyped character, swapped neighbours or a missing character is refused', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 40, maxLength: 40 }), fc.nat(19), fc.constantFrom(...AUTHENTICATION_KEY_ALPHABET, ...LOOK_ALIKES), (bytes, position, replacement) => {
      const compact = generateAuthenticationKey(cyclingSource([...bytes, 0])).replaceAll('-', '');
      fc.pre(compact[position] !== replacement);
      assert.equal(parseAuthenticationKey(`${compact.slice(0, position)}${replacement}${compact.slice(position + 1)}`), null);
      assert.equal(parseAuthenticationKey(`${compact.slice(0, position)}${compact.slice(position + 1)}`), null);
      if (position < 19 && compact[position] !== compact[position + 1]) {
        const swapped = `${compact.slice(0, position)}${compact[position + 1]}${compact[position]}${compact.slice(position + 2)}`;
        assert.equal(parseAuthenticationKey(swapped), null, `${compact} → ${swapped}`);
      }
    }),
    { numRuns: 3000 },
  );
});
