// Forms: validation with zod (Japanese messages), the error summary at the top,
// errors next to their fields, and the person's values kept on a rejected form.
import { z } from 'zod';
import type { Children } from './render.tsx';

export type FormErrors = Record<string, string>;
export type FormValues = Record<string, string>;

// C0/C1 control characters other than tab and newline, and unpaired surrogates (broken UTF-8).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether typed text holds a control character (other than tab and newline) or broken UTF-16: never stored. */
export function hasForbiddenCharacters(s: string): boolean {
  return FORBIDDEN_CHARS.test(s);
}

/** Free text typed by a person: trimmed, NFC, no control characters, bounded length. */
export function text(label: string, options: { max?: number; optional?: boolean; multiline?: boolean } = {}) {
  const max = options.max ?? 200;
  return z
    .string({ error: `${label}を入力してください。` })
    .transform((s) => s.normalize('NFC').replace(options.multiline ? /\r\n?/g : /\s+/g, options.multiline ? '\n' : ' ').trim())
    .pipe(
      z
        .string()
        .refine((s) => !FORBIDDEN_CHARS.test(s), `${label}に使用できない文字が含まれています。`)
        .refine((s) => options.optional || s.length > 0, `${label}を入力してください。`)
        .refine((s) => s.length <= max, `${label}は${max}文字以内で入力してください。`),
    );
}

/** The longest e-mail address (RFC 5321: 256 octets of a path, less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;
// local part @ labels joined by single dots. No character class overlaps the one after it (the
// labels exclude the dot), so a failed match is linear in the length; the length is checked first anyway.
// eslint-disable-next-line no-control-regex
const EMAIL_SHAPE = /^[^\s@<>()"',;:\\\u0000-\u001F\u007F]+@(?:[^\s@<>()"',;:\\\u0000-\u001F\u007F.]+\.)+[^\s@<>()"',;:\\\u0000-\u001F\u007F.]+$/;

/** An e-mail address: NFKC, trimmed, at most 254 characters (refused before any pattern runs), a plausible shape. */
export function emailAddress(label: string, options: { optional?: boolean; example?: string } = {}) {
  const example = options.example ?? 'tanto@example.co.jp';
  return z
    .string({ error: `${label}を入力してください。` })
    .transform((s) => s.normalize('NFKC').trim())
    .pipe(
      z
        .string()
        .refine((s) => options.optional || s.length > 0, { message: `${label}を入力してください。`, abort: true })
        .refine((s) => s.length <= EMAIL_MAX_LENGTH, { message: `${label}は${EMAIL_MAX_LENGTH}文字以内で入力してください。`, abort: true })
        .refine((s) => s === '' || EMAIL_SHAPE.test(s), `${label}の形式が正しくありません（例：${example}）。`),
    );
}

/** Reads an urlencoded body into a flat map of strings (repeated keys: the last one). */
export function formValues(body: unknown): FormValues {
  const values: FormValues = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (key === '_csrf') continue;
      const v = Array.isArray(value) ? value[value.length - 1] : value;
      values[key] = typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
    }
  }
  return values;
}

export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FormErrors; values: FormValues };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = formValues(body);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FormErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    if (!errors[field]) errors[field] = issue.message;
  }
  return { ok: false, errors, values };
}

export function ErrorSummary(props: { errors: FormErrors | undefined; labels?: Record<string, string> }) {
  const entries = Object.entries(props.errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">入力内容に誤りがあります（{entries.length}件）</h2>
      <ul>
        {entries.map(([field, message]) =>
          field === '_form' ? <li>{message}</li> : (
            <li>
              <a href={`#field-${field}`}>{message}</a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  values?: FormValues;
  errors?: FormErrors;
  required?: boolean;
  hint?: string;
  type?: 'text' | 'password' | 'email' | 'tel' | 'date' | 'number' | 'url' | 'search';
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'email' | 'tel' | 'decimal';
  maxLength?: number;
  spellcheck?: boolean;
  autocapitalize?: 'none' | 'off' | 'on';
}

function FieldFrame(props: { name: string; label: string; required?: boolean; hint?: string; error?: string; children: Children }) {
  return (
    <div class={props.error ? 'field field--error' : 'field'}>
      <label for={`field-${props.name}`} class="field__label">
        {props.label}
        {props.required && <span class="field__required">必須</span>}
      </label>
      {props.hint && (
        <p class="field__hint" id={`hint-${props.name}`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field__error" id={`error-${props.name}`}>
          <span class="visually-hidden">エラー：</span>
          {props.error}
        </p>
      )}
      {props.children}
    </div>
  );
}

function describedBy(p: { name: string; hint?: string; error?: string }): string | undefined {
  const ids = [p.hint ? `hint-${p.name}` : '', p.error ? `error-${p.name}` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextField(props: FieldProps) {
  const error = props.errors?.[props.name];
  return (
    <FieldFrame name={props.name} label={props.label} required={props.required} hint={props.hint} error={error}>
      <input
        id={`field-${props.name}`}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={props.values?.[props.name] ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxLength={props.maxLength}
        spellcheck={props.spellcheck}
        autocapitalize={props.autocapitalize}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy({ name: props.name, hint: props.hint, error })}
      />
    </FieldFrame>
  );
}

export function TextAreaField(props: FieldProps & { rows?: number }) {
  const error = props.errors?.[props.name];
  return (
    <FieldFrame name={props.name} label={props.label} required={props.required} hint={props.hint} error={error}>
      <textarea
        id={`field-${props.name}`}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy({ name: props.name, hint: props.hint, error })}
      >
        {props.values?.[props.name] ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[]; placeholder?: string }) {
  const error = props.errors?.[props.name];
  const current = props.values?.[props.name] ?? '';
  return (
    <FieldFrame name={props.name} label={props.label} required={props.required} hint={props.hint} error={error}>
      <select
        id={`field-${props.name}`}
        name={props.name}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy({ name: props.name, hint: props.hint, error })}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}
