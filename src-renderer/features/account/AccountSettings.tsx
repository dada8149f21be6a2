/**
 * Settings → Account: who is signed in, the second factor (enrol with a QR code or the secret as
 * text, or remove it), how the session is kept on this computer, signing out, and removing this
 * computer's copy of the open organization (asks; refused while changes wait, unless exported).
 */
import { useState } from 'react';
import type { TotpEnrolment } from '../../../src-shared/domain/account';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { ApiCallError, call, complyflow } from '../../api/complyflow';
import { confirmLeave } from '../../app/router-store';
import { useSession } from '../../app/session-store';
import { showError, useToasts } from '../../app/toast-store';
import { TotpEnrolForm } from './TotpEnrolForm';

export function AccountSettings() {
  const account = useSession((s) => s.account);
  if (!account || account.connection.mode !== 'supabase') {
    return <p className="settings-hint">Connect to your organization (above) to have an account.</p>;
  }
  const signedIn = account.session === 'signed-in';
  return (
    <div className="account-settings">
      <SecretsChoice />
      {signedIn ? (
        <>
          <TotpSettings />
          <SignOutButtons />
        </>
      ) : (
        <p className="settings-hint">Sign in (Settings → Organization) to manage your account.</p>
      )}
    </div>
  );
}

function SecretsChoice() {
  const secrets = useSession((s) => s.account?.secrets);
  // Shown at once while the core stores the choice.
  const [pending, setPending] = useState<boolean | null>(null);
  if (!secrets) return null;
  const accept = async (accepted: boolean) => {
    setPending(accepted);
    try {
      useSession.getState().setAccount(await call(complyflow().account.acceptSecretRisk({ accepted })));
    } catch (error) {
      showError(error);
    } finally {
      setPending(null);
    }
  };
  return (
    <div className="secrets-choice">
      <p data-testid="session-storage">
        {secrets.riskAccepted ? 'Your session is kept on this computer without encryption, as you chose.' : secrets.explanation}
      </p>
      {secrets.canAcceptRisk && (
        <label className="checkbox">
          <input type="checkbox" checked={pending ?? secrets.riskAccepted} onChange={(e) => void accept(e.target.checked)} />
          Keep me signed in on this computer without encryption (anyone who can read your files could use your session)
        </label>
      )}
    </div>
  );
}

function TotpSettings() {
  const account = useSession((s) => s.account);
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (work: () => Promise<void>) => {
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  if (account?.hasTotp) {
    return (
      <div className="totp">
        <p>Two-step sign-in is on: signing in asks for a code from your authenticator app.</p>
        {problem && (
          <p role="alert" className="error-text">
            {problem}
          </p>
        )}
        <button
          type="button"
          onClick={() =>
            window.confirm('Remove your authenticator? Signing in will then ask only for your password.') &&
            void run(async () => useSession.getState().setAccount(await call(complyflow().account.removeTotp({}))))
          }
        >
          Remove authenticator
        </button>
      </div>
    );
  }
  if (!enrolment) {
    return (
      <div className="totp">
        <p>Two-step sign-in is off.</p>
        {problem && (
          <p role="alert" className="error-text">
            {problem}
          </p>
        )}
        <button type="button" onClick={() => void run(async () => setEnrolment(await call(complyflow().account.enrollTotp({}))))}>
          Set up an authenticator app
        </button>
      </div>
    );
  }
  return (
    <TotpEnrolForm
      enrolment={enrolment}
      onDone={() => {
        setEnrolment(null);
        useToasts.getState().show({ tone: 'info', text: 'Two-step sign-in is on.' });
      }}
      onCancel={() => setEnrolment(null)}
    />
  );
}

function SignOutButtons() {
  const account = useSession((s) => s.account);
  const [exported, setExported] = useState<string | null>(null);
  if (!account) return null;
  const org = account.memberships.find((m) => m.orgId === account.activeOrgId);
  const signOut = async () => {
    if (!confirmLeave()) return;
    try {
      useSession.getState().setAccount(await call(complyflow().account.signOut({})));
    } catch (error) {
      showError(error);
    }
  };
  const remove = async () => {
    if (!org || account.activeOrgId === LOCAL_ORG_ID) return;
    if (
      !window.confirm(
        `Sign out and remove this computer’s copy of ${org.orgName}? Its records and files on this computer are deleted; the organization keeps what was sent.`,
      )
    )
      return;
    try {
      useSession.getState().setAccount(await call(complyflow().account.removeThisComputer({ orgId: org.orgId })));
    } catch (error) {
      if (error instanceof ApiCallError && error.error.code === 'CONFLICT') {
        if (window.confirm(`${error.message}\n\nExport the unsent changes to a file now?`)) {
          try {
            const result = await call(complyflow().account.exportPending({ orgId: org.orgId }));
            setExported(result.path);
          } catch (exportError) {
            showError(exportError);
          }
        }
      } else showError(error);
    }
  };
  return (
    <div className="button-row">
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
      {org && (
        <button type="button" className="danger" onClick={() => void remove()}>
          Sign out and remove this computer’s copy of {org.orgName}
        </button>
      )}
      {exported && (
        <p role="status">
          Unsent changes were saved to <code>{exported}</code>. You can now remove this computer’s copy.
        </p>
      )}
    </div>
  );
}
