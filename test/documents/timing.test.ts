// Logs how long a certificate PDF takes once the font is loaded. Asserts no timing: the
// number depends on the machine; it is here for people to read (target: ≤ 5 ms median).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCertificatePdf } from '../../src/documents/index.ts';
import { signedCertificate } from './fixtures.ts';

test('certificate PDF render time (logged, not asserted)', async (t) => {
  const signed = signedCertificate();
  const started = performance.now();
  await renderCertificatePdf(signed, { statusLabel: '有効' });
  const first = performance.now() - started;
  for (let i = 0; i < 10; i++) await renderCertificatePdf(signed, { statusLabel: '有効' });
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    await renderCertificatePdf(signed, { statusLabel: '有効' });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
  const p90 = times[Math.floor(times.length * 0.9)] ?? Number.NaN;
  t.diagnostic(`certificate PDF: first ${first.toFixed(1)} ms (font load), then median ${median.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms over 50 renders`);
  assert.ok(Number.isFinite(median));
});
