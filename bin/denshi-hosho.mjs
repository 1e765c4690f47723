#!/usr/bin/env node
// denshi-hosho: the package's command line.
//
//   npx denshi-hosho verify <certificate.json> --jwks <jwks.json | https://…/.well-known/jwks.json>
//                           [--expect-hash <hex printed on the PDF>]
//
// Verifies a downloaded electronic certificate (a SignedCertificate, or an object holding one
// under "certificate") against the issuer's public keys, without trusting any screen: the
// content hash is recomputed from the content and the Ed25519 signature is checked with the
// key named by the signature. With --expect-hash, the hash printed in the footer of a PDF must
// also be the hash of this content. Exit status: 0 valid, 1 not valid, 2 usage or input error.
/* global fetch, AbortSignal */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const { verifyCertificate } = await import('../src/signing/index.ts');

const USAGE = `使い方 / Usage:
  denshi-hosho verify <証書ファイル / certificate.json> --jwks <ファイルまたはURL / file or URL> [--expect-hash <hex>]

  電子証書（JSON）を保証事業会社の公開鍵（JWKS）で検証します。有効なときだけ終了コード0を返します。
  Verifies an electronic certificate (JSON) against the issuer's public keys (JWKS). Exits 0 only when valid.`;

class InputError extends Error {}

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { jwks: { type: 'string' }, 'expect-hash': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new InputError(`${error.message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, file, ...extra] = positionals;
  if (command !== 'verify' || !file || extra.length > 0 || !values.jwks) throw new InputError(USAGE);

  const certificate = unwrap(await readJson(file, '証書ファイル', 'certificate file'));
  const jwks = await loadJwks(values.jwks);
  const result = verifyCertificate(certificate, jwks);
  if (!result.valid) return report(false, result.reason, result.reasonEn, certificate);

  const expected = values['expect-hash']?.trim().toLowerCase();
  if (expected !== undefined && expected !== result.contentHash) {
    return report(
      false,
      `PDFに記載の内容ハッシュ（${expected}）がこの電子証書の内容ハッシュと一致しません`,
      `the content hash printed on the PDF (${expected}) is not the hash of this certificate's content`,
      certificate,
    );
  }
  return report(true, '有効な電子証書です（署名と内容ハッシュを確認しました）', 'the certificate is valid (signature and content hash verified)', certificate, result);
}

function report(valid, reason, reasonEn, certificate, result) {
  const out = valid ? console.log : console.error;
  out(valid ? `✔ 検証成功: ${reason}` : `✘ 検証失敗: ${reason}`);
  out(valid ? `  Verified: ${reasonEn}` : `  Not valid: ${reasonEn}`);
  const content = certificate?.content;
  const signature = certificate?.signature;
  const details = [
    ['保証契約番号 / Guarantee contract number', content?.guaranteeContractNumber],
    ['版 / Version', typeof content?.version === 'number' ? `第${content.version}版 (v${content.version})` : undefined],
    ['内容ハッシュ / Content hash (SHA-256)', result?.contentHash],
    ['署名鍵ID / Signing key id', result?.keyId ?? signature?.keyId],
    ['署名日時 / Signed at', signature?.signedAt],
  ];
  for (const [label, value] of details) {
    if (typeof value === 'string' && value !== '') out(`  ${label}: ${value}`);
  }
  return valid ? 0 : 1;
}

/** A SignedCertificate, or one wrapped as { certificate: SignedCertificate } (e.g. an API response). */
function unwrap(value) {
  if (value && typeof value === 'object' && !('content' in value) && value.certificate && typeof value.certificate === 'object') {
    return value.certificate;
  }
  return value;
}

async function loadJwks(source) {
  if (/^https?:\/\//i.test(source)) {
    let response;
    try {
      response = await fetch(source, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
    } catch (error) {
      throw new InputError(`公開鍵（JWKS）を取得できません / cannot fetch the JWKS: ${source} (${error.cause?.message ?? error.message})`);
    }
    if (!response.ok) throw new InputError(`公開鍵（JWKS）を取得できません / cannot fetch the JWKS: ${source} (HTTP ${response.status})`);
    return parseJson(await response.text(), '公開鍵（JWKS）', 'JWKS');
  }
  return readJson(source, '公開鍵（JWKS）ファイル', 'JWKS file');
}

async function readJson(path, label, labelEn) {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${label}を読めません / cannot read the ${labelEn}: ${path} (${error.code ?? error.message})`);
  }
  return parseJson(text, label, labelEn);
}

function parseJson(text, label, labelEn) {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(`${label}がJSONとして読めません / the ${labelEn} is not valid JSON (${error.message})`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
