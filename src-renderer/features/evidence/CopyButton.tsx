import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { showError } from '../../app/toast-store';
import { copyText } from './format';

/** Copies a value (a SHA-256) to the clipboard and says so. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={label}
      title={label}
      onClick={(event) => {
        event.stopPropagation();
        copyText(value).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }, showError);
      }}
    >
      {copied ? <Check aria-hidden size={14} /> : <Copy aria-hidden size={14} />}
      <span className="visually-hidden" aria-live="polite">
        {copied ? 'Copied' : ''}
      </span>
    </button>
  );
}
