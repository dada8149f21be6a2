import { useEffect, useState } from 'react';
import type { WorkspaceInfo } from '../../../src-shared/api/app';
import { call, complyflow } from '../../api/complyflow';
import { useCan } from '../../app/session-store';
import { showError } from '../../app/toast-store';
import { useTheme, type ThemeChoice } from '../../app/theme-store';
import { PageHeader } from '../../components/PageHeader';
import { TrailVerifier } from '../audit-trail/TrailVerifier';
import { EvidenceSettings } from '../evidence/EvidenceSettings';
import { FleetSettings } from '../fleet/FleetSettings';
import { FilesCacheSettings } from '../files/FilesCacheSettings';
import { AccountSettings } from '../account/AccountSettings';
import { OrganizationSettings } from '../account/OrganizationSettings';
import { SyncSettings } from '../sync/SyncSettings';
import { UpdatesSettings } from '../updates/UpdatesSettings';
import { VoiceTraining } from '../voice/VoiceTraining';
import { AiUsage } from './AiUsage';
import { DatabaseHealth } from './DatabaseHealth';
import { DevicesSettings } from './DevicesSettings';
import { OrgProfileSettings } from './OrgProfileSettings';
import { ProfileSettings } from './ProfileSettings';
import './settings.css';

export function SettingsPage() {
  const { choice, setChoice } = useTheme();
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  const isAdmin = useCan('org.admin');
  useEffect(() => {
    call(complyflow().app.workspace({})).then(setWorkspace, showError);
  }, []);
  return (
    <section>
      <PageHeader title="Settings" />
      <fieldset className="settings-section">
        <legend>Organization</legend>
        <OrganizationSettings />
      </fieldset>
      <fieldset className="settings-section">
        <legend>Organization profile</legend>
        <OrgProfileSettings />
      </fieldset>
      <fieldset className="settings-section">
        <legend>Account</legend>
        <AccountSettings />
      </fieldset>
      <fieldset className="settings-section">
        <legend>Sync</legend>
        <SyncSettings />
      </fieldset>
      <fieldset className="settings-section">
        <legend>Updates</legend>
        <UpdatesSettings />
      </fieldset>
      <fieldset className="settings-section">
        <legend>Organization voice</legend>
        <VoiceTraining />
      </fieldset>
      <fieldset className="settings-section">
        <legend>Devices</legend>
        <DevicesSettings />
      </fieldset>
      <fieldset className="settings-section">
        <legend>You</legend>
        <ProfileSettings />
      </fieldset>
      <fieldset className="settings-section">
        <legend>Appearance</legend>
        <div className="settings-choices">
          {(['system', 'light', 'dark'] as ThemeChoice[]).map((value) => (
            <label key={value} className="radio">
              <input type="radio" name="theme" value={value} checked={choice === value} onChange={() => setChoice(value)} />
              {value === 'system' ? 'Follow the system' : value === 'light' ? 'Light' : 'Dark'}
            </label>
          ))}
        </div>
      </fieldset>
      {isAdmin && workspace?.kind === 'supabase' && (
        <fieldset className="settings-section">
          <legend>Fleet</legend>
          <FleetSettings />
        </fieldset>
      )}
      {isAdmin && workspace?.kind === 'supabase' && (
        <fieldset className="settings-section">
          <legend>AI usage</legend>
          <AiUsage />
        </fieldset>
      )}
      <fieldset className="settings-section">
        <legend>Evidence</legend>
        <EvidenceSettings />
      </fieldset>
      {workspace?.kind === 'supabase' && (
        <fieldset className="settings-section">
          <legend>Files on this computer</legend>
          <FilesCacheSettings />
        </fieldset>
      )}
      <fieldset className="settings-section">
        <legend>Audit trail</legend>
        <p className="settings-hint">
          Every change is recorded with a hash that covers the one before it. Verify re-checks the whole chain and names any event
          that was edited, deleted or reordered.
        </p>
        <TrailVerifier />
      </fieldset>
      <fieldset className="settings-section">
        <legend>Database health</legend>
        <DatabaseHealth />
      </fieldset>
      {workspace && (
        <dl className="facts settings-facts">
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
