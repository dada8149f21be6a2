/**
 * "Connect to your organization": the project URL and its anon (publishable) key, checked by the
 * core against the project before anything is saved. Used on first run and in Settings.
 */
import { useState } from 'react';
import { call, complyflow } from '../../api/complyflow';
import { useSession } from '../../app/session-store';
import { useAttempt } from './use-attempt';

export function ConnectForm({ onConnected }: { onConnected?: () => void }) {
  const [url, setUrl] = useState('');
  const [anonKey, setAnonKey] = useState('');
  const { busy, problem, run } = useAttempt();
  const submit = () =>
    run(async () => {
      useSession.getState().setAccount(await call(complyflow().account.connect({ url, anonKey })));
      onConnected?.();
    });
  return (
    <form
      className="account-form"
      aria-label="Connect to your organization"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label>
        Project URL
        <input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://your-project.supabase.co"
          autoComplete="url"
          required
        />
      </label>
      <label>
        Anon (publishable) key
        <input value={anonKey} onChange={(e) => setAnonKey(e.target.value)} autoComplete="off" spellCheck={false} required />
      </label>
      {problem && (
        <p role="alert" className="error-text">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Checking the project…' : 'Connect'}
      </button>
    </form>
  );
}
