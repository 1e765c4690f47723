// Certificates for the D-Sure tests, made the way an issuer makes them: content built here,
// signed with src/signing, a 認証キー from the domain's generator, deposited through intake.
import { randomInt } from 'node:crypto';
import type { DbOrTrx } from '../../src/db/database.ts';
import type { CertificateContent } from '../../src/domain/certificate.ts';
import { formatGuaranteeContractNumber, generateAuthenticationKey } from '../../src/domain/identifiers.ts';
import { depositCertificate, registerIssuerKey } from '../../src/dsure/intake.ts';
import type { Secrets } from '../../src/secrets.ts';
import { contentHash, generateSigningKey, signCertificate, type SignedCertificate, type SigningKey } from '../../src/signing/index.ts';

export interface TestIssuer {
  code: string;
  name: string;
  key: SigningKey;
}

export function makeIssuer(code = 'WJCS', name = '西日本建設業保証株式会社'): TestIssuer {
  return { code, name, key: generateSigningKey() };
}

export async function registerIssuer(db: DbOrTrx, issuer: TestIssuer, now: Date): Promise<void> {
  await registerIssuerKey(db, { issuerCode: issuer.code, issuerName: issuer.name, publicJwk: issuer.key.publicJwk }, now);
}

let serial = randomInt(1, 900_000);

/** A new, unused 保証契約番号. */
export function newGuaranteeContractNumber(fiscalYear = 2026): string {
  serial = (serial % 999_999) + 1;
  return formatGuaranteeContractNumber({ issuerCode: 'WJ', fiscalYear, serial });
}

export interface ContentOptions {
  number?: string;
  issuer?: TestIssuer;
  ordererCode: string;
  ordererName?: string;
  workName?: string;
  contractorName?: string;
  guaranteeType?: CertificateContent['guaranteeType'];
  guaranteedAmount?: number;
  guaranteePeriodEnd?: string;
  issueDate?: string;
}

/** A realistic 前払金保証 content (Hita City works contract) addressed to `ordererCode`. */
export function certificateContent(options: ContentOptions): CertificateContent {
  const issuer = options.issuer ?? { code: 'WJCS', name: '西日本建設業保証株式会社' };
  return {
    schema: 'denshi-hosho/certificate/v1',
    guaranteeContractNumber: options.number ?? newGuaranteeContractNumber(),
    version: 1,
    previousVersionHash: null,
    guaranteeType: options.guaranteeType ?? 'advance_payment',
    issuer: { code: issuer.code, name: issuer.name, address: '大阪府大阪市西区立売堀二丁目1番2号', representative: '代表取締役社長 保証太郎' },
    contractor: {
      name: options.contractorName ?? '株式会社三隈建設',
      corporateNumber: '1320001012345',
      address: '大分県日田市三本松二丁目6番4号',
      representative: '代表取締役 日田一郎',
    },
    orderer: { code: options.ordererCode, name: options.ordererName ?? '日田市', section: '契約検査室', representative: '日田市長 日田花子' },
    work: {
      name: options.workName ?? '市道三隈川右岸線道路改良工事（第2工区）',
      site: '日田市大字友田 地内',
      category: 'works',
      contractPrice: 30_850_000,
      contractDate: '2026-10-15',
      initialContractDate: '2026-10-15',
      periodStart: '2026-10-16',
      periodEnd: '2027-03-25',
      lowBid: false,
    },
    guaranteedAmount: options.guaranteedAmount ?? 12_300_000,
    guaranteePeriodStart: '2026-10-15',
    guaranteePeriodEnd: options.guaranteePeriodEnd ?? '2027-03-25',
    terms: '公共工事の前払金保証事業に関する法律に基づく前払金保証約款',
    issueDate: options.issueDate ?? '2026-10-21',
    change: null,
    cancelled: false,
  };
}

/** The next version of a certificate (a change or the cancellation). */
export function nextVersion(previous: CertificateContent, change: Partial<CertificateContent> & { change: NonNullable<CertificateContent['change']> }): CertificateContent {
  return { ...previous, ...change, version: previous.version + 1, previousVersionHash: contentHash(previous) };
}

export function sign(issuer: TestIssuer, content: CertificateContent, at = new Date('2026-10-21T01:00:00Z')): SignedCertificate {
  return signCertificate(content, issuer.key, at);
}

/** Signs and deposits a certificate; returns it with its 認証キー. */
export async function depositNew(
  db: DbOrTrx,
  secrets: Secrets,
  issuer: TestIssuer,
  options: ContentOptions,
  now: Date,
): Promise<{ signed: SignedCertificate; content: CertificateContent; key: string; number: string }> {
  const content = certificateContent({ issuer, ...options });
  const signed = sign(issuer, content);
  const key = generateAuthenticationKey();
  await depositCertificate(db, secrets, { signed, authenticationKey: key }, now);
  return { signed, content, key, number: content.guaranteeContractNumber };
}
