/**
 * Settings → Organization: which project the app is connected to (or "Managed by your
 * organization" when IT set it), signing in, the organizations to open, copying the local
 * workspace into an organization, and (owners and admins) requiring a second factor and
 * allowing self-approval.
 */
import './account.css';
import { useState } from 'react';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { call, complyflow } from '../../api/complyflow';
import { useCan, useSession } from '../../app/session-store';
import { showError, useToasts } from '../../app/toast-store';
import { ConnectForm } from './ConnectForm';
import { OrganizationPicker } from './OrganizationPicker';
import { SignInForm } from './SignInForm';

const SOURCE_WORDS = {
  'policy-file': 'the machine policy file',
  environment: 'the environment (COMPLYFLOW_SUPABASE_URL)',
  'command-line': 'the command line (--supabase-url)',
  user: 'you',
  none: 'nobody',
} as const;

export function OrganizationSettings() {
  const account = useSession((s) => s.account);
  const [changing, setChanging] = useState(false);
  if (!account) return null;
  const { connection } = account;
  const chooseLocal = async () => {
    try {
      useSession.getState().setAccount(await call(complyflow().account.useLocal({})));
    } catch (error) {
      showError(error);
    }
  };
  return (
    <div className="org-settings">
      {connection.mode === 'supabase' ? (
        <dl className="facts">
          <dt>Project</dt>
          <dd>
            <code>{connection.url}</code>
          </dd>
          <dt>Anon key</dt>
          <dd>
            <code>{connection.anonKeyHint}</code>
          </dd>
          <dt>Set by</dt>
          <dd>
            {connection.locked ? <strong>Managed by your organization</strong> : null}{' '}
            {connection.locked ? `(${SOURCE_WORDS[connection.source]})` : SOURCE_WORDS[connection.source]}
          </dd>
          <dt>Network</dt>
          <dd>{account.online ? 'Online' : 'Offline: your work is kept on this computer'}</dd>
        </dl>
      ) : (
        <p className="settings-hint">Not connected: you work in a local workspace on this computer.</p>
      )}
      {account.message && (
        <p role="alert" className="error-text">
          {account.message}
        </p>
      )}
      {!connection.locked &&
        (changing || connection.mode !== 'supabase' ? (
          <ConnectForm onConnected={() => setChanging(false)} />
        ) : (
          <div className="button-row">
            <button type="button" onClick={() => setChanging(true)}>
              Connect to another project
            </button>
            <button type="button" onClick={() => void chooseLocal()}>
              Use a local workspace only
            </button>
          </div>
        ))}
      {connection.mode === 'supabase' && account.session !== 'signed-in' && <SignInForm email={account.user?.email} />}
      {account.session === 'signed-in' && account.user && (
        <p>
          Signed in as <strong data-testid="signed-in-email">{account.user.email}</strong>
        </p>
      )}
      {account.session === 'signed-in' && <OrganizationPicker />}
      {account.activeOrgId !== LOCAL_ORG_ID && account.session === 'signed-in' && <OrgActions orgId={account.activeOrgId} />}
    </div>
  );
}

function OrgActions({ orgId }: { orgId: string }) {
  const account = useSession((s) => s.account);
  const canWrite = useCan('records.write');
  const isAdmin = useCan('org.admin');
  const membership = account?.memberships.find((m) => m.orgId === orgId);
  const [busy, setBusy] = useState(false);
  if (!membership) return null;
  const bring = async () => {
    if (
      !window.confirm(
        `Copy every record of your local workspace into ${membership.orgName}? Each becomes a new change by you; the local workspace stays as it is.`,
      )
    )
      return;
    setBusy(true);
    try {
      const result = await call(complyflow().account.bringLocalWorkspace({}));
      const total = Object.values(result.copied).reduce((n, c) => n + c, 0);
      useToasts.getState().show({
        tone: 'info',
        text: `Copied ${total} record${total === 1 ? '' : 's'} and ${result.files} file${result.files === 1 ? '' : 's'} into ${membership.orgName}.`,
      });
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  const setMfa = async (required: boolean) => {
    try {
      useSession.getState().setAccount(await call(complyflow().account.setRequireMfa({ orgId, required })));
    } catch (error) {
      showError(error);
    }
  };
  const setSelfApproval = async (allowed: boolean) => {
    try {
      useSession.getState().setAccount(await call(complyflow().account.setAllowSelfApproval({ orgId, allowed })));
    } catch (error) {
      showError(error);
    }
  };
  return (
    <div className="org-actions">
      {canWrite && (
        <button type="button" disabled={busy} onClick={() => void bring()}>
          Bring my local workspace into {membership.orgName}
        </button>
      )}
      {isAdmin && (
        <label className="checkbox">
          <input type="checkbox" checked={membership.requireMfa} onChange={(e) => void setMfa(e.target.checked)} />
          Require two-step sign-in (an authenticator code) for every member of {membership.orgName}
        </label>
      )}
      {isAdmin && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={membership.allowSelfApproval}
            onChange={(e) => void setSelfApproval(e.target.checked)}
          />
          Let owners and admins approve policy versions they edited themselves (for a one-person team)
        </label>
      )}
    </div>
  );
}
