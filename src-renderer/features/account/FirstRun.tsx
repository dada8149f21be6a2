/**
 * The first-run choice: work in a local workspace, or connect to the organization's Supabase
 * project. Shown until one is chosen (IT's preset makes the choice for the user).
 */
import './account.css';
import { useState } from 'react';
import { call, complyflow } from '../../api/complyflow';
import { useSession } from '../../app/session-store';
import { showError } from '../../app/toast-store';
import { ConnectForm } from './ConnectForm';

/** Shown on the dashboard until the first-run choice is made (the local workspace works meanwhile). */
export function FirstRunChoice() {
  const mode = useSession((s) => s.account?.connection.mode);
  return mode === 'unset' ? <FirstRun /> : null;
}

function FirstRun() {
  const [connecting, setConnecting] = useState(false);
  const chooseLocal = async () => {
    try {
      useSession.getState().setAccount(await call(complyflow().account.useLocal({})));
    } catch (error) {
      showError(error);
    }
  };
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Welcome to ComplyFlow</h2>
      <p>Choose where your work lives. You can change this later in Settings → Organization.</p>
      <div className="first-run-choices">
        <div className="first-run-choice">
          <h3>On this computer</h3>
          <p>A local workspace: everything works offline, nothing is synced.</p>
          <button type="button" onClick={() => void chooseLocal()}>
            Use a local workspace
          </button>
        </div>
        <div className="first-run-choice">
          <h3>With your organization</h3>
          <p>Connect to your company’s Supabase project, sign in, and work in your organization, online or offline.</p>
          {connecting ? (
            <ConnectForm />
          ) : (
            <button type="button" onClick={() => setConnecting(true)}>
              Connect to your organization
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
