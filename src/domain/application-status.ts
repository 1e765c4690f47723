// The life of a guarantee application (保証申込) as data: its statuses, their
// Japanese names, and who may move it from one to another.

export type ApplicationStatus =
  | 'draft' // 下書き
  | 'submitted' // 申込済
  | 'under_review' // 審査中
  | 'returned' // 差戻し
  | 'concluded' // 保証契約締結
  | 'declined' // 謝絶
  | 'withdrawn'; // 取下げ

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '下書き',
  submitted: '申込済',
  under_review: '審査中',
  returned: '差戻し',
  concluded: '保証契約締結',
  declined: '謝絶',
  withdrawn: '取下げ',
};

/** What an application's history records (application_events.kind), in the order they can happen. */
export type ApplicationEventKind =
  | 'created' // 作成 (下書き, or a change request)
  | 'submitted' // 申込み
  | 'resubmitted' // 再申込み (after 差戻し)
  | 'withdrawn' // 取下げ
  | 'review_started' // 審査開始
  | 'returned' // 差戻し
  | 'declined' // 謝絶
  | 'conclusion_proposed' // 締結の起案 (four eyes)
  | 'concluded'; // 保証契約締結

export type ApplicationAction =
  | 'save_draft' // 受注者: 下書き保存
  | 'submit' // 受注者: 申込み (下書き・差戻しから)
  | 'withdraw' // 受注者: 取下げ (締結前)
  | 'start_review' // 保証会社: 審査開始
  | 'return' // 保証会社: 差戻し
  | 'decline' // 保証会社: 謝絶
  | 'conclude'; // 保証会社: 保証契約締結

const TRANSITIONS: Record<ApplicationAction, { from: readonly ApplicationStatus[]; to: ApplicationStatus | null }> = {
  save_draft: { from: ['draft', 'returned'], to: null }, // stays where it is
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  withdraw: { from: ['draft', 'submitted', 'under_review', 'returned'], to: 'withdrawn' },
  start_review: { from: ['submitted'], to: 'under_review' },
  return: { from: ['submitted', 'under_review'], to: 'returned' },
  decline: { from: ['submitted', 'under_review'], to: 'declined' },
  conclude: { from: ['submitted', 'under_review'], to: 'concluded' },
};

/** The statuses from which an action is allowed (for conditional updates: `where status in (...)`). */
export function statusesAllowing(action: ApplicationAction): readonly ApplicationStatus[] {
  return TRANSITIONS[action].from;
}

export function canApply(action: ApplicationAction, status: ApplicationStatus): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** The status after the action (the same status for save_draft), or null when not allowed. */
export function nextStatus(action: ApplicationAction, status: ApplicationStatus): ApplicationStatus | null {
  if (!canApply(action, status)) return null;
  return TRANSITIONS[action].to ?? status;
}

/** The contractor may still edit the application's content. */
export function isEditableByContractor(status: ApplicationStatus): boolean {
  return status === 'draft' || status === 'returned';
}
