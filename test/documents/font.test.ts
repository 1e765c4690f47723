import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentFont, memoizedFont, parseFont, readDocumentFontFile } from '../../src/documents/font.ts';

interface Run {
  glyphs: readonly { id: number }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
  advanceWidth: number;
}

const SAMPLES = ['保証証書（前払金保証）', '金12,340,000円', '令和6年10月1日', 'WJ-2024-000123-82', 'ffi fl — 「認証キー」', '髙﨑 𠮷野家', ' '];

test('the font is parsed once per process', () => {
  assert.equal(documentFont(), documentFont());
  assert.equal(documentFont().postscriptName, 'NotoSerifJP-Regular');
});

test('the memoized font lays text out as a freshly parsed font does, a new run each time (pdfkit scales runs in place)', () => {
  const fresh = parseFont(readDocumentFontFile());
  const memo = memoizedFont(parseFont(readDocumentFontFile()));
  for (const text of SAMPLES) {
    const expected = fresh.layout(text) as unknown as Run;
    const first = memo.layout(text) as unknown as Run;
    first.positions.forEach((p) => { p.xAdvance *= 1000; }); // pdfkit scales runs in place
    const second = memo.layout(text) as unknown as Run;
    assert.deepEqual(second.glyphs.map((g) => g.id), expected.glyphs.map((g) => g.id), text);
    assert.deepEqual(second.positions.map((p) => ({ ...p })), expected.positions.map((p) => ({ ...p })), text);
    assert.equal(second.advanceWidth, expected.advanceWidth, text);
  }
});

test('memoized glyph decoding gives the same subset bytes as a freshly parsed font', () => {
  type Subset = { includeGlyph(id: number): number; encode(): Uint8Array };
  type SubsettingFont = { createSubset(): Subset; glyphsForString(text: string): { id: number }[] };
  const subsetOf = (font: unknown): Uint8Array => {
    const f = font as SubsettingFont;
    const subset = f.createSubset();
    for (const glyph of f.glyphsForString(SAMPLES.join(''))) subset.includeGlyph(glyph.id);
    return subset.encode();
  };
  const memo = memoizedFont(parseFont(readDocumentFontFile()));
  const expected = Buffer.from(subsetOf(parseFont(readDocumentFontFile())));
  assert.deepEqual(Buffer.from(subsetOf(memo)), expected);
  assert.deepEqual(Buffer.from(subsetOf(memo)), expected, 'the second subset, from memoized glyphs, is the same');
});
