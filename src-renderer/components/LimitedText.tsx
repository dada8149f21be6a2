/**
 * A text field with a length limit that is shown while typing ("12 of 300 characters") and
 * refused, never enforced by cutting: no `maxLength`, so a pasted 526-character title stays
 * whole, is marked invalid with by how much it is over, and the form's save waits until it fits.
 * The count is of the trimmed text, as the core counts it.
 */
import { useId, type Ref } from 'react';
import { tooLongMessage } from '../../src-shared/domain/common';
import './limited-text.css';

/** Characters over the limit (0 when it fits), counted as the core counts them. */
export const overLimit = (value: string, max: number) => Math.max(0, value.trim().length - max);

export interface LimitedTextProps {
  label: string;
  value: string;
  max: number;
  onChange(value: string): void;
  multiline?: boolean;
  rows?: number;
  required?: boolean;
  autoFocus?: boolean;
  placeholder?: string;
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>;
  className?: string;
  /** A question or note under the label; the field is described by it and by the count. */
  hint?: string;
  readOnly?: boolean;
}

export function LimitedText({
  label,
  value,
  max,
  onChange,
  multiline = false,
  rows = 3,
  required,
  autoFocus,
  placeholder,
  inputRef,
  className,
  hint,
  readOnly,
}: LimitedTextProps) {
  const fieldId = useId();
  const countId = useId();
  const hintId = useId();
  const length = value.trim().length;
  const over = overLimit(value, max);
  const field = {
    id: fieldId,
    value,
    required,
    autoFocus,
    placeholder,
    readOnly,
    'aria-invalid': over > 0 || undefined,
    'aria-describedby': hint ? `${hintId} ${countId}` : countId,
    onChange: (event: { target: { value: string } }) => onChange(event.target.value),
  };
  return (
    // The count sits outside the <label>, so the field's accessible name is the label alone.
    <div className={`limited-text${className ? ` ${className}` : ''}`}>
      <label htmlFor={fieldId}>{label}</label>
      {hint && (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      )}
      {multiline ? <textarea ref={inputRef} rows={rows} {...field} /> : <input ref={inputRef} {...field} />}
      <span id={countId} className={over > 0 ? 'limit-count over' : 'limit-count'} aria-live={over > 0 ? 'polite' : 'off'}>
        {over > 0
          ? `${label} ${tooLongMessage(length, max)}.`
          : `${length.toLocaleString('en-US')} of ${max.toLocaleString('en-US')} characters`}
      </span>
    </div>
  );
}
