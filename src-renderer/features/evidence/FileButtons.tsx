/**
 * "Open original" and "Save a copy…" for one evidence file. The desktop app opens a verified
 * temporary copy with the system's app and saves through the system's dialog; the browser host
 * downloads the file under its sanitized original name.
 */
import { Download, ExternalLink } from 'lucide-react';
import { useState } from 'react';
import { call, complyflow } from '../../api/complyflow';
import { showError, useToasts } from '../../app/toast-store';
import { saveDownload, useNativeFiles } from '../../components/file-actions';

export function FileButtons({ id, fileName }: { id: string; fileName: string }) {
  const native = useNativeFiles();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    try {
      setStatus(await action());
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  const download = async () => {
    const file = await call(complyflow().evidence.download({ id }));
    saveDownload(file);
    return `Downloading “${file.fileName}”.`;
  };
  const toast = (text: string) => {
    useToasts.getState().show({ tone: 'info', text });
    return text;
  };
  return (
    <div className="file-buttons">
      {native && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void run(async () => toast((await call(complyflow().evidence.openOriginal({ id }))).message))}
        >
          <ExternalLink aria-hidden size={16} /> Open original
        </button>
      )}
      <button
        type="button"
        disabled={busy || native === null}
        aria-label={`Save a copy of ${fileName}`}
        onClick={() => void run(async () => (native ? (await call(complyflow().evidence.saveCopy({ id }))).message : download()))}
      >
        <Download aria-hidden size={16} /> Save a copy…
      </button>
      <span className="muted" role="status">
        {status}
      </span>
    </div>
  );
}
