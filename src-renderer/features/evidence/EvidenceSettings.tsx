/**
 * Settings → Evidence: the largest file this device accepts as evidence (1 KB to 2 GB, the bounds the core answers).
 * Exported for the Settings page; the Evidence page shows it too.
 */
import { useEffect, useState } from 'react';
import { formatBytes, formatMegabytes, type EvidenceSettings as Settings } from '../../../src-shared/domain/evidence';
import { call, complyflow } from '../../api/complyflow';
import { showError, useToasts } from '../../app/toast-store';

export function EvidenceSettings({ onChange }: { onChange?(settings: Settings): void }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [megabytes, setMegabytes] = useState('');

  useEffect(() => {
    call(complyflow().evidence.settings({})).then((s) => {
      setSettings(s);
      setMegabytes(String(+(s.maxFileBytes / 1024 / 1024).toFixed(3)));
    }, showError);
  }, []);

  if (!settings) return null;
  const save = async () => {
    try {
      const s = await call(complyflow().evidence.updateSettings({ maxFileBytes: Math.round(Number(megabytes) * 1024 * 1024) }));
      setSettings(s);
      onChange?.(s);
      useToasts.getState().show({ tone: 'info', text: `Evidence files up to ${formatMegabytes(s.maxFileBytes)} are accepted.` });
    } catch (error) {
      showError(error);
    }
  };
  return (
    <form
      className="evidence-settings"
      aria-label="Evidence settings"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label>
        File size limit (MB)
        <input
          type="number"
          min={0.001}
          max={settings.maxAllowedFileBytes / 1024 / 1024}
          step="any"
          required
          value={megabytes}
          aria-describedby="evidence-limit-help"
          onChange={(e) => setMegabytes(e.target.value)}
        />
      </label>
      <span id="evidence-limit-help" className="muted">
        Now {formatMegabytes(settings.maxFileBytes)}; between 0.001 MB and {formatMegabytes(settings.maxAllowedFileBytes)} (
        {formatBytes(settings.maxAllowedFileBytes)}).
      </span>
      <button type="submit">Save limit</button>
    </form>
  );
}
