// The certificate's content (the domain's CertificateContent) built from a concluded
// application, and a stored certificate version read back as a SignedCertificate.
import type { CertificateRow, Organisation } from '../db/schema.ts';
import {
  guaranteeTypeLabel,
  receivingSectionFor,
  todayInJapan,
  type CertificateContent,
  type OrdererPolicy,
  type Party,
} from '../domain/index.ts';
import type { SignedCertificate } from '../signing/index.ts';
import type { CompleteApplication } from './examination.ts';

function party(organisation: Pick<Organisation, 'name' | 'corporate_number' | 'address' | 'representative'>): Party {
  // No undefined members: the content is canonical JSON.
  return {
    name: organisation.name,
    ...(organisation.corporate_number ? { corporateNumber: organisation.corporate_number } : {}),
    ...(organisation.address ? { address: organisation.address } : {}),
    ...(organisation.representative ? { representative: organisation.representative } : {}),
  };
}

/** 約款: the surety's terms of this guarantee type, and the contract clauses the orderer requires. */
export function termsText(surety: Pick<Organisation, 'name'>, application: CompleteApplication, policy: OrdererPolicy): string {
  const clauses = policy.categories[application.category]?.contractClauses;
  const own = `${surety.name}の${guaranteeTypeLabel(application.guaranteeType)}約款による。`;
  return clauses ? `${own}請負契約の約款は${clauses}による。` : own;
}

export function buildCertificateContent(input: {
  guaranteeContractNumber: string;
  application: CompleteApplication;
  policy: OrdererPolicy;
  issuer: Organisation & { issuerCode: string };
  contractor: Organisation;
  orderer: Organisation;
  now: Date;
}): CertificateContent {
  const { application: a, policy } = input;
  return {
    schema: 'denshi-hosho/certificate/v1',
    guaranteeContractNumber: input.guaranteeContractNumber,
    version: 1,
    previousVersionHash: null,
    guaranteeType: a.guaranteeType,
    issuer: { ...party(input.issuer), code: input.issuer.issuerCode },
    contractor: party(input.contractor),
    orderer: { ...party(input.orderer), code: input.orderer.code, section: receivingSectionFor(policy, a.guaranteeType) },
    work: {
      name: a.workName,
      site: a.workSite,
      category: a.category,
      contractPrice: a.contractPrice,
      contractDate: a.contractDate,
      initialContractDate: a.initialContractDate,
      periodStart: a.periodStart,
      periodEnd: a.periodEnd,
      lowBid: a.lowBid,
    },
    guaranteedAmount: a.guaranteedAmount,
    guaranteePeriodStart: a.guaranteePeriodStart,
    guaranteePeriodEnd: a.guaranteePeriodEnd,
    terms: termsText(input.issuer, a, policy),
    issueDate: todayInJapan(input.now),
    change: null,
    cancelled: false,
  };
}

/** A stored certificate version as the signed envelope (the form verifyCertificate and D-Sure take). */
export function signedCertificateOf(row: Pick<CertificateRow, 'content' | 'content_hash' | 'key_id' | 'signature' | 'signed_at'>): SignedCertificate {
  return {
    content: row.content as CertificateContent,
    signature: { alg: 'EdDSA', keyId: row.key_id, contentHash: row.content_hash, signedAt: new Date(row.signed_at).toISOString(), value: row.signature },
  };
}
