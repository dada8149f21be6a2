/**
 * Email and password, then (for an account with an authenticator) the 6-digit code. Shown in
 * place: an expired session asks here without leaving the screen, so nothing typed is lost.
 */
import { useState } from 'react';
import { call, complyflow } from '../../api/complyflow';
import { useSession } from '../../app/session-store';
import { useAttempt } from './use-attempt';

export function SignInForm({ email: knownEmail }: { email?: string }) {
  const account = useSession((s) => s.account);
  const [email, setEmail] = useState(knownEmail ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { busy, problem, run } = useAttempt();
  const needsCode = account?.session === 'mfa-required';
  const signIn = () =>
    run(async () => {
      useSession.getState().setAccount(await call(complyflow().account.signIn({ email, password })));
      setPassword('');
    });
  const verify = () =>
    run(async () => {
      useSession.getState().setAccount(await call(complyflow().account.verifyMfa({ code })));
      setCode('');
    });

  if (needsCode) {
    return (
      <form
        className="account-form"
        aria-label="Two-step sign-in"
        onSubmit={(event) => {
          event.preventDefault();
          void verify();
        }}
      >
        <p>Enter the 6-digit code your authenticator app shows for ComplyFlow.</p>
        <label>
          Code
          <input
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\s/g, ''))}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            pattern="\d{6}"
            required
            autoFocus
          />
        </label>
        {problem && (
          <p role="alert" className="error-text">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Verify'}
        </button>
      </form>
    );
  }
  return (
    <form
      className="account-form"
      aria-label="Sign in"
      onSubmit={(event) => {
        event.preventDefault();
        void signIn();
      }}
    >
      <label>
        Email
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" required />
      </label>
      <label>
        Password
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          required
        />
      </label>
      {problem && (
        <p role="alert" className="error-text">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
