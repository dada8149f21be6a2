/**
 * "Connect to your organization": the project URL and its anon (publishable) key, checked by the
 * core against the project before anything is saved. Used on first run and in Settings.
 */
import { useState } from 'react';
import { call, complyflow } from '../../api/complyflow';
import { useSession } from '../../app/session-store';

export function ConnectForm({ onConnected }: { onConnected?: () => void }) {
  const [url, setUrl] = useState('');
  const [anonKey, setAnonKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      useSession.getState().setAccount(await call(complyflow().account.connect({ url, anonKey })));
      onConnected?.();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
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
