/**
 * "Export package" for one audit: asks the core to write the audit package into the workspace's
 * exports folder, shows progress while it works, and then the file name, size and SHA-256 so
 * the user can hand the hash to the auditor with the file; "Save as…" puts a copy where the
 * user wants it (a download in the browser host) and "Show in folder" reveals it (desktop app).
 */
import { Download, FolderOpen, Save } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { AuditPackageOutput } from '../../../src-shared/domain/export';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { saveDownload, useNativeFiles } from '../../components/file-actions';
import { formatBytes } from '../../../src-shared/domain/evidence';
import './exports.css';

export function ExportAuditButton({ auditId, auditTitle }: { auditId: string; auditTitle?: string }) {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<AuditPackageOutput | null>(null);
  const label = useRef(`Exporting ${auditTitle ?? 'audit'}`);
  const native = useNativeFiles();
  const [handoff, setHandoff] = useState('');

  const saveAs = async (fileName: string) => {
    try {
      if (native) setHandoff((await call(complyflow().exports.saveAs({ fileName }))).message);
      else {
        saveDownload(await call(complyflow().exports.download({ fileName })));
        setHandoff(`Downloading ${fileName}.`);
      }
    } catch (error) {
      showError(error);
    }
  };
  const showInFolder = async (fileName: string) => {
    try {
      setHandoff((await call(complyflow().exports.showInFolder({ fileName }))).message);
    } catch (error) {
      showError(error);
    }
  };

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
    setHandoff('');
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
      {result && (
        <div className="export-handoff">
          <button type="button" disabled={native === null} onClick={() => void saveAs(result.fileName)}>
            <Save aria-hidden size={16} /> Save as…
          </button>
          {native && (
            <button type="button" onClick={() => void showInFolder(result.fileName)}>
              <FolderOpen aria-hidden size={16} /> Show in folder
            </button>
          )}
          <span className="muted" role="status" aria-label="Package hand-off">
            {handoff}
          </span>
        </div>
      )}
    </div>
  );
}
