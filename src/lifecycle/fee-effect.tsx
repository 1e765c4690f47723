// The fee effect of a change, line by line: the 追加保証料 of an increase or a later 保証期限,
// the 保証料 returned on a decrease or a cancellation (the domain's additionalFee / refund).
import { formatYen, type ChangeFeeEffect } from '../domain/index.ts';

export const FEE_STATEMENT_TITLES = { additional: '追加保証料計算書', refund: '保証料返還計算書' } as const;
const TOTAL_LABELS = { additional: '追加保証料 合計', refund: '返還する保証料 合計' } as const;

/** 追加保証料 金12,340円 / 返還する保証料 金5,670円 / the note when nothing changes. */
export function feeEffectSummary(fee: ChangeFeeEffect): string {
  if (!fee.statement) return fee.note;
  return `${fee.statement === 'additional' ? '追加保証料' : '返還する保証料'}　${formatYen(fee.breakdown.total)}（${fee.breakdown.taxable ? '課税' : '非課税'}）`;
}

export function FeeEffect(props: { fee: ChangeFeeEffect | null; problem?: string | null; estimate?: boolean; concluded?: boolean; example?: boolean }) {
  const { fee } = props;
  if (!fee) return <p class="warning">{props.problem ?? '保証料への影響は、入力内容の点検が済んでから計算します。'}</p>;
  if (!fee.statement) return <p class="notice">{fee.note}</p>;
  const { breakdown } = fee;
  return (
    <>
      <p>
        <strong>{feeEffectSummary(fee)}</strong>
        {props.concluded
          ? `（締結時に${FEE_STATEMENT_TITLES[fee.statement]}を発行しました。）`
          : `${props.estimate ? '（見込み。保証会社が変更を締結した時点で確定し、' : '（締結すると'}${FEE_STATEMENT_TITLES[fee.statement]}を発行します。）`}
      </p>
      <table>
        <caption class="visually-hidden">{FEE_STATEMENT_TITLES[fee.statement]}の内訳</caption>
        <thead>
          <tr>
            <th scope="col">項目</th>
            <th scope="col">計算</th>
            <th scope="col" class="number">
              金額
            </th>
          </tr>
        </thead>
        <tbody>
          {breakdown.lines.map((line) => (
            <tr>
              <td>{line.label}</td>
              <td>{line.note ?? ''}</td>
              <td class="number">{formatYen(line.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {TOTAL_LABELS[fee.statement]}
              {breakdown.taxable ? '（税込）' : '（非課税）'}
            </th>
            <td class="number">
              <strong>{formatYen(breakdown.total)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
      <p class="field__hint">料率表: {breakdown.tariffName}</p>
      {props.example && <p class="warning">例示用の料率表で計算しています。実際の料率表に置き換えてください。</p>}
    </>
  );
}
