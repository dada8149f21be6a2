/**
 * Email and password, then (for an account with an authenticator) the 6-digit code. Shown in
 * place: an expired session asks here without leaving the screen, so nothing typed is lost.
 * When the organization requires two-step sign-in of someone with no authenticator yet, there is
 * no code to enter: it offers setting one up instead (confirming it verifies the session, and
 * sync resumes by itself).
 */
import { useState } from 'react';
import type { TotpEnrolment } from '../../../src-shared/domain/account';
import { call, complyflow } from '../../api/complyflow';
import { TotpEnrolForm } from './TotpEnrolForm';
import { useSession } from '../../app/session-store';
import { useAttempt } from './use-attempt';

export function SignInForm({ email: knownEmail }: { email?: string }) {
  const account = useSession((s) => s.account);
  const [email, setEmail] = useState(knownEmail ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
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

  if (needsCode && !account.hasTotp) {
    if (enrolment) {
      return (
        <TotpEnrolForm
          enrolment={enrolment}
          intro="Scan this code with an authenticator app (or type the secret into it), then enter the 6-digit code it shows. Sync resumes once it is verified."
          onDone={() => setEnrolment(null)}
          onCancel={() => setEnrolment(null)}
        />
      );
    }
    return (
      <div className="account-form" role="group" aria-label="Two-step sign-in">
        <p>
          Your organization requires two-step sign-in, and your account has no authenticator yet. Set one up to keep syncing; your
          work here is kept meanwhile.
        </p>
        {problem && (
          <p role="alert" className="error-text">
            {problem}
          </p>
        )}
        <button
          type="button"
          disabled={busy}
          onClick={() => void run(async () => setEnrolment(await call(complyflow().account.enrollTotp({}))))}
        >
          {busy ? 'Preparing…' : 'Set up an authenticator app'}
        </button>
      </div>
    );
  }
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
