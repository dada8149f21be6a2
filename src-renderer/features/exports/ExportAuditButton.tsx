/**
 * "Export package" for one audit: asks the core to write the audit package into the workspace's
 * exports folder, shows progress while it works, and then the file name, size and SHA-256 so
 * the user can hand the hash to the auditor with the file.
 */
import { Download } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { AuditPackageOutput } from '../../../src-shared/domain/export';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { formatBytes } from '../../../src-shared/domain/evidence';
import './exports.css';

export function ExportAuditButton({ auditId, auditTitle }: { auditId: string; auditTitle?: string }) {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<AuditPackageOutput | null>(null);
  const label = useRef(`Exporting ${auditTitle ?? 'audit'}`);

  useEffect(
    () =>
      complyflow().events.on('job.progress', (event) => {
        if (busy && event.label.startsWith('Exporting')) setProgress({ done: event.done, total: event.total });
      }),
    [busy],
  );

  const run = async () => {
    setBusy(true);
    setResult(null);
    setProgress(null);
    try {
      setResult(await call(complyflow().exports.auditPackage({ auditId })));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export-audit">
      <button
        type="button"
        onClick={() => void run()}
        disabled={busy}
        aria-label={auditTitle ? `Export package for ${auditTitle}` : 'Export package'}
      >
        <Download aria-hidden size={16} /> {busy ? 'Exporting…' : 'Export package'}
      </button>
      {busy && <progress aria-label={label.current} max={progress?.total ?? 1} value={progress?.done ?? 0} />}
      {result && (
        <p className="export-result" role="status" aria-label="Export result">
          Package written: <strong data-testid="export-file-name">{result.fileName}</strong> ({result.files} files,{' '}
          {formatBytes(result.sizeBytes)})
          {result.omitted > 0 && (
            <span className="error-text"> — {result.omitted} evidence file(s) not on this device were left out</span>
          )}
          <br />
          <span className="export-path" data-testid="export-path">
            {result.path}
          </span>
          <br />
          SHA-256 <code className="export-sha">{result.sha256}</code>
        </p>
      )}
    </div>
  );
}
