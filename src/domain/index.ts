// The guarantee rules of 電子保証: plain functions and data, no I/O. Every other module asks
// this one; none re-implements a rule.

export type {
  CertificateChangeKind,
  CertificateContent,
  ContractCategory,
  FeeBreakdown,
  FeeLine,
  GuaranteeType,
  Party,
} from './certificate.ts';
export {
  amendCertificate,
  certificateChangeKind,
  changeEffectiveDate,
  changeFeeEffect,
  changeRequestProblems,
  paidFee,
  type CertificateChangeRequest,
  type ChangeFeeEffect,
} from './certificate-change.ts';
export { diffCertificates, type CertificateDifference } from './certificate-diff.ts';
export {
  CERTIFICATE_STATUSES,
  certificateStatus,
  certificateStatusLabel,
  isCertificateStatus,
  type CertificateStatus,
  type CertificateStatusInput,
} from './certificate-status.ts';
export { addDays, compareDates, daysBetween, daysInclusive, isIsoDate } from './dates.ts';
export {
  applyRatioCeil,
  applyRatioFloor,
  checkGuaranteeAmounts,
  eligibility,
  guaranteeAmountInputOf,
  maximumAdvanceAmount,
  maximumIntermediateAdvanceAmount,
  minimumContractGuaranteeAmount,
  roundingUnitText,
  type Eligibility,
  type EligibilityApplication,
  type GuaranteeAmountInput,
} from './eligibility.ts';
export {
  DEFAULT_TARIFF,
  additionalFee,
  fee,
  feeTariffProblems,
  refund,
  type FeeBand,
  type FeeGuaranteeTerms,
  type FeeRefundChange,
  type FeeTariff,
  type GuaranteeTypeTariff,
} from './fees.ts';
export {
  corporateNumberCheckDigit,
  formatWareki,
  formatYen,
  isValidCorporateNumber,
  parseCorporateNumber,
  parseYen,
  todayInJapan,
} from './format.ts';
export {
  AUTHENTICATION_KEY_ALPHABET,
  AUTHENTICATION_KEY_BITS,
  fiscalYearOf,
  formatGuaranteeContractNumber,
  generateAuthenticationKey,
  generateGuaranteeContractNumber,
  guaranteeContractNumberCheckDigits,
  isValidGuaranteeContractNumber,
  normalizeTyped,
  parseAuthenticationKey,
  parseGuaranteeContractNumber,
  type GuaranteeContractNumber,
  type RandomBytes,
} from './identifiers.ts';
export {
  BUILT_IN_CATEGORY_LABELS,
  GUARANTEE_TYPES,
  SUBMISSION_CHANNELS,
  categoryLabel,
  changeKindLabel,
  guaranteeTypeLabel,
  isGuaranteeType,
  submissionChannelLabel,
  type SubmissionChannel,
} from './labels.ts';
export {
  HITA_CITY_POLICY,
  formatRatio,
  keySubmissionGuidance,
  parseOrdererPolicy,
  policyCategoryLabel,
  receivingSectionFor,
  submissionChannelsText,
  type AdvancePolicy,
  type CategoryPolicy,
  type FieldError,
  type OrdererPolicy,
  type Ratio,
} from './policy.ts';
export {
  SUBMISSION_PROGRESS,
  acceptsElectronicSubmission,
  electronicSubmissionSection,
  maySubmitAgain,
  submissionProgress,
  submissionProgressLabel,
  type SubmissionDecision,
  type SubmissionProgress,
} from './submission.ts';
