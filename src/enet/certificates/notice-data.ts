// What the 認証キー notice PDF says, from the certificate's current version, the key and the
// orderer's submission rules. The QR code opens D-Sure's key-entry form with the number filled in.
import type { AuthenticationKeyNoticeData } from '../../documents/index.ts';
import type { SignedCertificate } from '../../signing/index.ts';
import type { Submission } from './common.ts';

export function dsureViewUrl(baseUrl: string, guaranteeContractNumber: string): string {
  return `${baseUrl}/dsure/view?number=${encodeURIComponent(guaranteeContractNumber)}`;
}

export function noticeDataOf(signed: SignedCertificate, authenticationKey: string, submission: Submission, baseUrl: string): AuthenticationKeyNoticeData {
  const content = signed.content;
  return {
    guaranteeContractNumber: content.guaranteeContractNumber,
    authenticationKey,
    guaranteeType: content.guaranteeType,
    orderer: { name: content.orderer.name, ...(content.orderer.section ? { section: content.orderer.section } : {}) },
    workName: content.work.name,
    contractorName: content.contractor.name,
    guaranteedAmount: content.guaranteedAmount,
    issueDate: content.issueDate,
    issuerName: content.issuer.name,
    certificate: { version: content.version, contentHash: signed.signature.contentHash },
    dsure: { serviceUrl: `${baseUrl}/dsure`, viewUrl: dsureViewUrl(baseUrl, content.guaranteeContractNumber) },
    submission: { channels: submission.channels, receivingSection: submission.receivingSection, note: submission.note },
  };
}
