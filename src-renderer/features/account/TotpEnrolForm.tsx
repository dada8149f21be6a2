/**
 * Setting up an authenticator app: the QR code and the secret as text, then the 6-digit code it
 * shows. Used from Settings → Account, and in place of "enter your code" when an organization
 * requires two-step sign-in of someone who has no authenticator yet (confirming it also verifies
 * the session, so sync resumes).
 */
import { useState } from 'react';
import type { TotpEnrolment } from '../../../src-shared/domain/account';
import { call, complyflow } from '../../api/complyflow';
import { useSession } from '../../app/session-store';

export function TotpEnrolForm({
  enrolment,
  intro = 'Scan this code with your authenticator app, or type the secret into it by hand. Then enter the 6-digit code it shows.',
  onDone,
  onCancel,
}: {
  enrolment: TotpEnrolment;
  intro?: string;
  onDone(): void;
  onCancel?: () => void;
}) {
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setProblem(null);
    setBusy(true);
    try {
      useSession.getState().setAccount(await call(complyflow().account.confirmTotp({ factorId: enrolment.factorId, code })));
      setCode('');
      onDone();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="totp account-form"
      aria-label="Set up an authenticator app"
      onSubmit={(event) => {
        event.preventDefault();
        void confirm();
      }}
    >
      <p>{intro}</p>
      <img src={enrolment.qrCode} alt="QR code for your authenticator app" width={180} height={180} />
      <p>
        Secret: <code data-testid="totp-secret">{enrolment.secret}</code>
      </p>
      <label>
        Code from the app
        <input
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\s/g, ''))}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
        />
      </label>
      {problem && (
        <p role="alert" className="error-text">
          {problem}
        </p>
      )}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          Turn on two-step sign-in
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
