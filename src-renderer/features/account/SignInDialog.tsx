/**
 * Signing in again where the user is: a modal over the current screen, so an editor with unsaved
 * text stays as it was. Closes by itself once the session is back; Escape cancels.
 */
import './account.css';
import { useEffect, useRef } from 'react';
import { useSession } from '../../app/session-store';
import { SignInForm } from './SignInForm';

export function SignInDialog({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const account = useSession((s) => s.account);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  useEffect(() => {
    if (account?.session === 'signed-in') onClose();
  }, [account?.session, onClose]);
  return (
    <dialog ref={ref} className="sign-in-dialog" aria-labelledby="sign-in-again-title" onClose={onClose}>
      <h2 id="sign-in-again-title">Sign in again</h2>
      <p>{account?.message ?? 'Your session ended.'} What you typed stays where it is.</p>
      <SignInForm email={account?.user?.email} />
      <button type="button" onClick={onClose}>
        Not now
      </button>
    </dialog>
  );
}
