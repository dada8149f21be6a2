/**
 * Settings → Files on this computer: how much room evidence files take here and the cache limit
 * (in GB, at least 0.1) past which files that are neither kept offline nor waiting to upload
 * are removed, least recently opened first; they download again when opened. Shown only where
 * files travel (an organization's workspace).
 */
import { useEffect, useId, useState } from 'react';
import { MIN_CACHE_LIMIT_BYTES, type FilesSettings } from '../../../src-shared/domain/transfers';
import { formatBytes } from '../../../src-shared/domain/evidence';
import { call, complyflow } from '../../api/complyflow';
import { showError, useToasts } from '../../app/toast-store';
import { useInFlight } from '../../components/use-in-flight';
import { cacheUsageText } from './file-words';

const GB = 1024 * 1024 * 1024;
const toGb = (bytes: number) => String(+(bytes / GB).toFixed(2));

export function FilesCacheSettings() {
  const [settings, setSettings] = useState<FilesSettings | null>(null);
  const [gigabytes, setGigabytes] = useState('');
  const [busy, run] = useInFlight();
  const helpId = useId();

  useEffect(() => {
    call(complyflow().files.settings({})).then((s) => {
      setSettings(s);
      setGigabytes(toGb(s.cacheLimitBytes));
    }, showError);
  }, []);

  if (!settings) return null;
  const save = () =>
    run(async () => {
      try {
        const s = await call(complyflow().files.updateSettings({ cacheLimitBytes: Math.round(Number(gigabytes) * GB) }));
        setSettings(s);
        setGigabytes(toGb(s.cacheLimitBytes));
        useToasts.getState().show({ tone: 'info', text: `Files kept on this computer up to ${formatBytes(s.cacheLimitBytes)}.` });
      } catch (e) {
        showError(e);
      }
    });
  return (
    <form
      className="files-cache-settings"
      aria-label="Files on this computer"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <p className="settings-hint" data-testid="files-cache-usage">
        {cacheUsageText(settings.usedBytes, settings.cacheLimitBytes)}; {formatBytes(settings.keptBytes)} of it kept offline or
        waiting to upload, which is never removed.
      </p>
      <label>
        Cache limit (GB)
        <input
          type="number"
          min={MIN_CACHE_LIMIT_BYTES / GB}
          step="any"
          required
          value={gigabytes}
          aria-describedby={helpId}
          onChange={(e) => setGigabytes(e.target.value)}
        />
      </label>
      <span id={helpId} className="muted">
        Past the limit, files that are not kept offline are removed from this computer, least recently opened first; they download
        again when opened. At least {formatBytes(MIN_CACHE_LIMIT_BYTES)}.
      </span>
      <button type="submit" disabled={busy}>
        Save cache limit
      </button>
    </form>
  );
}
