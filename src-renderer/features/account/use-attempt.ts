/**
 * One account step at a time with its problem in words: `run(work)` ignores a second press while
 * busy, clears the last problem, and keeps the error's message to show beside the form.
 */
import { useState } from 'react';

export function useAttempt() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, run };
}
