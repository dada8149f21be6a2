/**
 * "Replace file…": a new version of an evidence record's file. The file is staged like a new one
 * (streamed to the browser host, or chosen in main's dialog in the desktop app), with progress,
 * then replaceFile swaps it in; the previous file and its SHA-256 stay in the record's trail.
 */
import { FileUp } from 'lucide-react';
import { useRef, useState } from 'react';
import { formatBytes, type Evidence, type StagedFile } from '../../../src-shared/domain/evidence';
import { call, complyflow } from '../../api/complyflow';
import { useNativeFiles } from '../../components/file-actions';
import { chooseAndStage, stageFile } from './intake';

export function ReplaceFile({ evidence, onReplaced }: { evidence: Evidence; onReplaced(next: Evidence): void }) {
  const native = useNativeFiles();
  const picker = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<{ done: number; total: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  const replace = async (stage: () => Promise<StagedFile | null>) => {
    setBusy(true);
    setError('');
    setStatus('');
    let staged: StagedFile | null = null;
    try {
      staged = await stage();
      if (!staged) return;
      const next = await call(complyflow().evidence.replaceFile({ id: evidence.id, stagedFileId: staged.id }));
      staged = null;
      setStatus(`Replaced with “${next.fileName}” (SHA-256 ${next.sha256}). The previous file stays in the record’s history.`);
      onReplaced(next);
    } catch (e) {
      setError((e as Error).message);
      if (staged) void complyflow().evidence.discardStaged({ stagedFileId: staged.id });
    } finally {
      setBusy(false);
      setCopied(null);
    }
  };
  const onProgress = (done: number, total: number) => setCopied({ done, total });

  return (
    <div className="replace-file">
      <button
        type="button"
        disabled={busy || native === null}
        onClick={() => (native ? void replace(() => chooseAndStage(null, onProgress)) : picker.current?.click())}
      >
        <FileUp aria-hidden size={16} /> Replace file…
      </button>
      <input
        ref={picker}
        type="file"
        hidden
        aria-label={`Choose a new version of ${evidence.fileName}`}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (!file) return;
          if (file.size === 0) return setError(`“${file.name}” is empty: there is nothing to keep as evidence.`);
          void replace(() => stageFile(file, null, onProgress));
        }}
      />
      {copied && (
        <span className="muted">
          Copying… {formatBytes(copied.done)} of {formatBytes(copied.total)}{' '}
          <progress aria-label="Copying the new version" max={copied.total} value={copied.done} />
        </span>
      )}
      <span className="muted" role="status">
        {status}
      </span>
      {error && (
        <span role="alert" className="error-text">
          {error}
        </span>
      )}
    </div>
  );
}
