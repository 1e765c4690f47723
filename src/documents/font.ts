// The document font (Noto Serif JP Regular), loaded and parsed once per process, with the
// per-document work of pdfkit made cheap.
//
// pdfkit parses a font given as a Buffer again for every document (about 10 ms for this
// 7.6 MB TTF). It also accepts an already parsed fontkit font, which keeps its tables and
// glyph objects between documents. Two costs remain per document, both pure functions of
// the font, so they are memoized here for the whole process:
//  - shaping: pdfkit measures Japanese text one character at a time and asks fontkit to lay
//    out each one (OpenType GSUB/GPOS lookups, ~40% of a certificate's render time);
//  - glyph decoding: the subset embedded in each PDF decodes every used glyph's outline to
//    find composite glyphs (~25%).
// The memoized font is an object whose prototype is the fontkit font, with `layout` and
// `getGlyph` overridden; everything else is the fontkit font itself. The fontkit used is
// the one pdfkit depends on, so both agree on versions.
// On top of that, pdfkit's own per-document cache of scaled runs (EmbeddedFont.layoutCache)
// is shared by every document (shareLayoutCache): a run scaled for this font is the same in
// every document, and pdfkit never changes a cached run (it copies before justifying).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** What this module relies on in a fontkit font; pdfkit uses more of it. */
export interface ParsedFont {
  readonly postscriptName: string;
  readonly _variationProcessor?: unknown;
  layout(text: string, ...rest: unknown[]): GlyphRun;
  getGlyph(id: number, codePoints?: number[]): Glyph | null;
}

interface Glyph {
  readonly id: number;
  _decode(): unknown;
}

interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

interface GlyphRun {
  readonly glyphs: readonly Glyph[];
  readonly positions: GlyphPosition[];
  readonly advanceWidth: number;
}

const require = createRequire(import.meta.url);
const FONT_FILE = '@expo-google-fonts/noto-serif-jp/400Regular/NotoSerifJP_400Regular.ttf';
const LAYOUT_CACHE_LIMIT = 50_000;

let cached: ParsedFont | undefined;

/** Noto Serif JP Regular, parsed on first use and shared by every document of the process. */
export function documentFont(): ParsedFont {
  cached ??= memoizedFont(parseFont(readDocumentFontFile()));
  return cached;
}

export function readDocumentFontFile(): Buffer {
  return readFileSync(require.resolve(FONT_FILE));
}

/** A freshly parsed fontkit font (no memoization). */
export function parseFont(data: Buffer): ParsedFont {
  const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Uint8Array): ParsedFont };
  const font = fontkit.create(data);
  if (typeof font.layout !== 'function') throw new Error('the document font is not a single font');
  return font;
}

/** The same font, with decoded glyph outlines kept for the process and its layouts counted. */
export function memoizedFont(font: ParsedFont): ParsedFont {
  const memo = Object.create(font) as ParsedFont & Record<string, unknown>;
  memo.layout = function layout(text: string, ...rest: unknown[]): GlyphRun {
    layoutCalls++; // pdfkit lays a text out only when the shared cache misses it
    return font.layout.call(this, text, ...rest);
  };
  // A static font's outlines never change; a variable font's depend on the instance.
  if (!font._variationProcessor) {
    const decoded = new WeakSet<Glyph>();
    memo.getGlyph = function getGlyph(id: number, codePoints?: number[]): Glyph | null {
      const glyph = font.getGlyph.call(this, id, codePoints);
      if (glyph && !decoded.has(glyph)) {
        decoded.add(glyph);
        glyph._decode = once(glyph._decode);
      }
      return glyph;
    };
  }
  return memo;
}

/** pdfkit's embedded font, as far as this module touches it. */
interface EmbeddedFontLike {
  font: unknown;
  scale: number;
  layoutCache?: Record<string, unknown>;
}

let sharedRuns: Record<string, unknown> = Object.create(null);
let layoutCalls = 0; // every miss of the shared cache is one call of the memoized layout
let sharedScale: number | undefined;

/**
 * Gives a document's embedded document font the process-wide cache of scaled runs, which pdfkit
 * fills on a miss. The cache starts over once LAYOUT_CACHE_LIMIT texts have been laid out into it.
 */
export function shareLayoutCache(embedded: EmbeddedFontLike | undefined): void {
  if (!embedded || embedded.font !== cached || !embedded.layoutCache) return;
  sharedScale ??= embedded.scale;
  if (embedded.scale !== sharedScale) return; // one font has one scale; never mix runs of two
  if (layoutCalls >= LAYOUT_CACHE_LIMIT) {
    sharedRuns = Object.create(null);
    layoutCalls = 0;
  }
  embedded.layoutCache = sharedRuns;
}

function once<T>(compute: (this: unknown) => T): (this: unknown) => T {
  let done = false;
  let value: T;
  return function memoized(this: unknown): T {
    if (!done) {
      value = compute.call(this);
      done = true;
    }
    return value;
  };
}
