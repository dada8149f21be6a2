/**
 * Before a discard looks at the outbox: wait until no push carrying the change is out (its answer
 * committed), bounded, so the dialog never hangs on a network that does not answer.
 */
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import { whenSettled } from './in-flight';

/** How long a discard waits for a push answer before telling the user to try again. */
export const DISCARD_WAIT_MS = 30_000;

const within = (settled: Promise<void>, ms: number) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void settled.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });

/** Waits until the mutation is not out with the server; answers whether it was out at all. */
export async function answerTaken(db: Db, mutationId: string, waitMs = DISCARD_WAIT_MS): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  let wasOut = false;
  // A resend may carry it again right after an answer (a retry now): wait for that one too.
  for (let out = whenSettled(db, mutationId); out; out = whenSettled(db, mutationId)) {
    wasOut = true;
    if (!(await within(out, Math.max(0, deadline - Date.now())))) {
      throw new AppError(
        ErrorCode.Conflict,
        'This change is being sent right now and the server has not answered yet; nothing was discarded. Try again in a moment.',
      );
    }
  }
  return wasOut;
}
