// Shared pieces of 電子証書の確認: who acts, the status of a version as the contractor sees it,
// the orderer's submission instructions, and how a PDF is sent.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '../../audit/audit-log.ts';
import {
  certificateStatus,
  certificateStatusLabel,
  keySubmissionGuidance,
  parseGuaranteeContractNumber,
  receivingSectionFor,
  submissionChannelLabel,
  todayInJapan,
  type CertificateContent,
  type CertificateStatus,
} from '../../domain/index.ts';
import { versionLabel } from '../../documents/index.ts';
import type { StoredPolicy } from '../../issuance/orderer-policy.ts';
import { actorOf } from '../../web/guards.ts';
import type { CertificateVersionView, ContractorGuarantee } from './queries.ts';

export interface ContractorActor {
  userId: string;
  organisationId: string; // the contractor company (tenant)
  ip: string | null;
}

export function contractorActor(request: FastifyRequest): ContractorActor {
  const actor = actorOf(request);
  return { userId: actor.userId, organisationId: actor.organisationId, ip: request.ip };
}

export const auditActorOf = (actor: ContractorActor): AuditActor => ({ userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip });

/** The canonical 保証契約番号 of a URL segment (any width, case or dashes), or null. */
export function canonicalNumber(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 60) return null;
  return parseGuaranteeContractNumber(value)?.canonical ?? null;
}

/** The version asked for (?version=N), the current one when none is asked, or null when there is no such version. */
export function versionOf(guarantee: ContractorGuarantee, asked: unknown): CertificateVersionView | null {
  if (asked === undefined || asked === '') return guarantee.versions.find((v) => v.version === guarantee.currentVersion) ?? guarantee.versions[0] ?? null;
  if (typeof asked !== 'string' || !/^[1-9]\d{0,5}$/.test(asked)) return null;
  return guarantee.versions.find((v) => v.version === Number(asked)) ?? null;
}

export function currentContent(guarantee: ContractorGuarantee): CertificateContent {
  const current = versionOf(guarantee, undefined);
  if (!current) throw new Error(`guarantee ${guarantee.guaranteeContractNumber} has no certificate version`);
  return current.signed.content;
}

export interface StatusView {
  status: CertificateStatus;
  label: string; // 有効 / 期間満了 / 解約, or 変更済（旧版・最新は第2版）
  tone: 'ok' | 'warn' | 'bad' | 'neutral';
  latest: boolean;
}

const TONES: Record<CertificateStatus, StatusView['tone']> = { valid: 'ok', changed: 'warn', expired: 'neutral', cancelled: 'bad' };

/** The status of a version as the contractor sees it (the domain's rule; no orderer's last opening). */
export function statusOf(guarantee: Pick<ContractorGuarantee, 'status' | 'versions'>, shown: Pick<CertificateVersionView, 'version'>, now: Date): StatusView {
  const latest = guarantee.versions[0];
  if (!latest) throw new Error('a guarantee without certificate versions');
  return statusOfLatest({ content: latest.signed.content, guaranteeCancelled: guarantee.status === 'cancelled', shownVersion: shown.version }, now);
}

/** The status from the newest version's content; a shown older version is 変更済（旧版）. */
export function statusOfLatest(input: { content: CertificateContent; guaranteeCancelled: boolean; shownVersion?: number }, now: Date): StatusView {
  const { content } = input;
  const status = certificateStatus({
    latestVersion: content.version,
    cancelled: input.guaranteeCancelled || content.cancelled,
    guaranteePeriodEnd: content.guaranteePeriodEnd,
    lastOpenedVersion: null,
    today: todayInJapan(now),
  });
  if (input.shownVersion !== undefined && input.shownVersion !== content.version) {
    return { status, label: `変更済（旧版・最新は${versionLabel(content.version)}）`, tone: 'neutral', latest: false };
  }
  return { status, label: certificateStatusLabel(status), tone: TONES[status], latest: true };
}

export interface Submission {
  /** Labels of the channels the orderer accepts (持参, FAX ...); empty when the policy is unknown. */
  channels: string[];
  /** 日田市 契約検査室 */
  receivingSection: string;
  /** The domain's sentence: 前払金保証の「認証キー等のお知らせ」を印刷し、持参またはFAXで日田市 契約検査室へ提出してください。 */
  guidance: string;
  /** Whom to ask for details. */
  note: string;
  /** The orderer's own notes (使用する約款 ...). */
  ordererNotes: string[];
}

/** How and where the key notice goes, from the orderer's policy (or the certificate when the policy is missing). */
export function submissionOf(policy: StoredPolicy, content: CertificateContent): Submission {
  if (policy.status !== 'ok') {
    const receivingSection = [content.orderer.name, content.orderer.section].filter(Boolean).join(' ');
    return {
      channels: [],
      receivingSection,
      guidance: `「認証キー等のお知らせ」を印刷し、${receivingSection}へ提出してください。提出方法は発注者にご確認ください。`,
      note: `ご提出方法は、${receivingSection}にご確認ください。`,
      ordererNotes: [],
    };
  }
  const p = policy.policy;
  return {
    channels: p.submissionChannels.map(submissionChannelLabel),
    receivingSection: `${p.ordererName} ${receivingSectionFor(p, content.guaranteeType)}`,
    guidance: keySubmissionGuidance(p, content.guaranteeType),
    note: `ご提出方法の詳細は、${p.ordererName} ${p.contactSection}にご確認ください。`,
    ordererNotes: p.notes,
  };
}

// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Sends a PDF as a download: an ASCII file name for old clients, the Japanese one as filename* (RFC 5987). */
export function sendPdf(reply: FastifyReply, pdf: Buffer, names: { ascii: string; japanese: string }): FastifyReply {
  const ascii = names.ascii.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(names.japanese)}`)
    .type('application/pdf')
    .send(pdf);
}
