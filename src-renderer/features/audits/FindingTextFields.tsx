/**
 * The written parts of a finding (condition, criteria, cause, effect, recommendation,
 * management response) as labelled text areas, each with its question as a hint. Used by the
 * new-finding form and the finding editor.
 */
import { useId } from 'react';
import { FINDING_TEXT_FIELDS, MAX_FINDING_TEXT, type FindingTextField } from '../../../src-shared/domain/audit';
import { FINDING_TEXT_LABELS } from './labels';

export type FindingTexts = Record<FindingTextField, string>;

export const emptyTexts = (): FindingTexts => Object.fromEntries(FINDING_TEXT_FIELDS.map((field) => [field, ''])) as FindingTexts;

interface Props {
  value: FindingTexts;
  readOnly: boolean;
  onChange(next: FindingTexts): void;
  /** Fields to leave out (the new-finding form has no management response yet). */
  omit?: readonly FindingTextField[];
}

export function FindingTextFields({ value, readOnly, onChange, omit = [] }: Props) {
  const id = useId();
  return (
    <div className="finding-texts">
      {FINDING_TEXT_FIELDS.filter((field) => !omit.includes(field)).map((field) => (
        <div key={field} className="finding-text">
          <label htmlFor={`${id}-${field}`}>{FINDING_TEXT_LABELS[field].label}</label>
          <span className="field-hint" id={`${id}-${field}-hint`}>
            {FINDING_TEXT_LABELS[field].hint}
          </span>
          <textarea
            id={`${id}-${field}`}
            value={value[field]}
            rows={2}
            maxLength={MAX_FINDING_TEXT}
            readOnly={readOnly}
            aria-describedby={`${id}-${field}-hint`}
            onChange={(e) => onChange({ ...value, [field]: e.target.value })}
          />
        </div>
      ))}
    </div>
  );
}
