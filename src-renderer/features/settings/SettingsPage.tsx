import { useEffect, useState } from 'react';
import type { WorkspaceInfo } from '../../../src-shared/api/app';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { useTheme, type ThemeChoice } from '../../app/theme-store';
import { PageHeader } from '../../components/PageHeader';
import { EvidenceSettings } from '../evidence/EvidenceSettings';

export function SettingsPage() {
  const { choice, setChoice } = useTheme();
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  useEffect(() => {
    call(complyflow().app.workspace({})).then(setWorkspace, showError);
  }, []);
  return (
    <section>
      <PageHeader title="Settings" />
      <fieldset className="form-grid">
        <legend>Appearance</legend>
        {(['system', 'light', 'dark'] as ThemeChoice[]).map((value) => (
          <label key={value} className="radio">
            <input type="radio" name="theme" value={value} checked={choice === value} onChange={() => setChoice(value)} />
            {value === 'system' ? 'Follow the system' : value === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </fieldset>
      <fieldset className="form-grid">
        <legend>Evidence</legend>
        <EvidenceSettings />
      </fieldset>
      {workspace && (
        <dl className="facts">
          <dt>Workspace</dt>
          <dd>{workspace.name}</dd>
          <dt>Data folder</dt>
          <dd>
            <code>{workspace.dataDir}</code>
          </dd>
          <dt>App version</dt>
          <dd>{workspace.appVersion}</dd>
          <dt>Database schema</dt>
          <dd>{workspace.schemaVersion}</dd>
        </dl>
      )}
    </section>
  );
}
