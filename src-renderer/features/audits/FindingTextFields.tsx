/**
 * The written parts of a finding (condition, criteria, cause, effect, recommendation,
 * management response) as labelled text areas, each with its question as a hint. Used by the
 * new-finding form and the finding editor.
 */
import { LimitedText, overLimit } from '../../components/LimitedText';
import { FINDING_TEXT_FIELDS, MAX_FINDING_TEXT, type FindingTextField } from '../../../src-shared/domain/audit';
import { FINDING_TEXT_LABELS } from './labels';

export type FindingTexts = Record<FindingTextField, string>;

/** True while any written part is over its limit: the form's save waits until it fits. */
export const textsTooLong = (texts: FindingTexts) =>
  FINDING_TEXT_FIELDS.some((field) => overLimit(texts[field], MAX_FINDING_TEXT) > 0);

export const emptyTexts = (): FindingTexts => Object.fromEntries(FINDING_TEXT_FIELDS.map((field) => [field, ''])) as FindingTexts;

interface Props {
  value: FindingTexts;
  readOnly: boolean;
  onChange(next: FindingTexts): void;
  /** Fields to leave out (the new-finding form has no management response yet). */
  omit?: readonly FindingTextField[];
}

export function FindingTextFields({ value, readOnly, onChange, omit = [] }: Props) {
  return (
    <div className="finding-texts">
      {FINDING_TEXT_FIELDS.filter((field) => !omit.includes(field)).map((field) => (
        <LimitedText
          key={field}
          className="finding-text"
          label={FINDING_TEXT_LABELS[field].label}
          hint={FINDING_TEXT_LABELS[field].hint}
          value={value[field]}
          max={MAX_FINDING_TEXT}
          multiline
          rows={2}
          readOnly={readOnly}
          onChange={(text) => onChange({ ...value, [field]: text })}
        />
      ))}
    </div>
  );
}
