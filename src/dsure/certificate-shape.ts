// The shape D-Sure accepts for a certificate's content. A valid signature proves who wrote
// the content, not that every field is usable: a certificate whose dates or amounts cannot
// be shown is refused at intake rather than failing later on an orderer's screen.
import { z } from 'zod';
import { GUARANTEE_TYPES, isIsoDate, type CertificateContent } from '../domain/index.ts';

const isoDate = z.string().refine((value) => isIsoDate(value), { message: '日付の形式が正しくありません' });
const yen = z.number().int().nonnegative().refine((value) => Number.isSafeInteger(value));
const text = z.string().min(1).max(1000);
const optionalText = z.string().max(1000).optional();

const party = z.object({
  name: text,
  corporateNumber: optionalText,
  address: optionalText,
  representative: optionalText,
});

const contentShape = z.object({
  schema: z.literal('denshi-hosho/certificate/v1'),
  guaranteeContractNumber: z.string(),
  version: z.number().int().min(1).max(10_000),
  previousVersionHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  guaranteeType: z.enum(GUARANTEE_TYPES as [string, ...string[]]),
  issuer: party.extend({ code: z.string().min(1).max(40) }),
  contractor: party,
  orderer: party.extend({ code: z.string().min(1).max(80), section: optionalText }),
  work: z.object({
    name: text,
    site: z.string().max(1000),
    category: z.string().min(1).max(80),
    contractPrice: yen,
    contractDate: isoDate,
    initialContractDate: isoDate,
    periodStart: isoDate,
    periodEnd: isoDate,
    lowBid: z.boolean(),
  }),
  guaranteedAmount: yen,
  guaranteePeriodStart: isoDate,
  guaranteePeriodEnd: isoDate,
  terms: z.string().max(2000),
  issueDate: isoDate,
  change: z
    .object({
      kind: z.enum(['increase', 'decrease', 'period_change', 'cancellation']),
      reason: z.string().max(2000),
      effectiveDate: isoDate,
    })
    .nullable(),
  cancelled: z.boolean(),
});

/** True when the content has every field D-Sure shows, in a form it can show. */
export function isUsableCertificateContent(content: unknown): content is CertificateContent {
  return contentShape.safeParse(content).success;
}
