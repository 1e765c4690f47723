// Documents: milliseconds per PDF for the certificate (保証証書) and the 認証キー notice, made
// by pdfkit with the embedded Japanese font, beside headless Chromium printing the same
// certificate screen (/enet/certificates/:number) to an A4 PDF in the same run.
import { chromium } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { preloadDocumentFont, renderAuthenticationKeyNoticePdf, renderCertificatePdf } from '../src/documents/index.ts';
import { signedCertificateOf } from '../src/issuance/certificate-content.ts';
import { submissionOf } from '../src/enet/certificates/common.ts';
import { noticeDataOf } from '../src/enet/certificates/notice-data.ts';
import { TEST_PASSWORD } from '../test/support/factories.ts';
import { benchContext, freshDatabase, loginForLoad, percentile, round } from './lib.ts';
import { conclude, createApplications, createBenchScene, keyOf } from './scene.ts';

async function timeEach(count: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

const summary = (times: number[]) => ({ medianMs: round(percentile(times, 50)), p90Ms: round(percentile(times, 90)), runs: times.length });

export async function benchDocuments(options: { pdfRuns?: number; chromiumRuns?: number } = {}) {
  const pdfRuns = options.pdfRuns ?? 300;
  const chromiumRuns = options.chromiumRuns ?? 20;
  const ctx = await benchContext(await freshDatabase('bench_documents'));
  const scene = await createBenchScene(ctx);
  const [applicationId] = await createApplications(ctx, scene, 1);
  const { guaranteeContractNumber } = await conclude(ctx, scene, applicationId!);
  const row = await ctx.db
    .selectFrom('certificates')
    .innerJoin('guarantees', 'guarantees.id', 'certificates.guarantee_id')
    .select(['certificates.content', 'certificates.content_hash', 'certificates.key_id', 'certificates.signature', 'certificates.signed_at'])
    .where('guarantees.guarantee_contract_number', '=', guaranteeContractNumber)
    .executeTakeFirstOrThrow();
  const signed = signedCertificateOf(row);
  const notice = noticeDataOf(signed, await keyOf(ctx, guaranteeContractNumber), submissionOf({ status: 'ok', policy: scene.orderer.policy }, signed.content), 'https://denshi-hosho.example');

  const fontStart = performance.now();
  preloadDocumentFont();
  const fontLoadMs = round(performance.now() - fontStart);
  await timeEach(20, () => renderCertificatePdf(signed, { statusLabel: '有効' })); // warm
  const certificate = summary(await timeEach(pdfRuns, () => renderCertificatePdf(signed, { statusLabel: '有効' })));
  const noticeTimes = summary(await timeEach(pdfRuns, () => renderAuthenticationKeyNoticePdf(notice)));
  const certificateBytes = (await renderCertificatePdf(signed, { statusLabel: '有効' })).length;

  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const session = await loginForLoad(base, 'enet', scene.contractor.user.login_id, TEST_PASSWORD, '/enet');
    const context = await browser.newContext();
    await context.addCookies(session.cookie.split('; ').map((pair) => {
      const [name, ...value] = pair.split('=');
      return { name: name!, value: value.join('='), url: base };
    }));
    const page = await context.newPage();
    await page.goto(`${base}/enet/certificates/${guaranteeContractNumber}`);
    await page.pdf({ format: 'A4' }); // warm
    const chromiumTimes = summary(await timeEach(chromiumRuns, () => page.pdf({ format: 'A4', printBackground: true })));
    return {
      pdfkit: { certificate, notice: noticeTimes, certificateBytes, fontLoadMsOncePerProcess: fontLoadMs },
      chromium: { certificatePagePdf: chromiumTimes, note: 'warm page, page.pdf({ format: A4 }) of the same certificate screen' },
      ratio: round(chromiumTimes.medianMs / certificate.medianMs, 0),
      target: 'certificate PDF ≤ 5 ms median and ≥ 100 × faster than Chromium',
    };
  } finally {
    await browser.close();
    await app.close();
    await ctx.db.destroy();
  }
}
