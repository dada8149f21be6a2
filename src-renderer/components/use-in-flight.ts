/**
 * Guards an action against running twice at once (a double-click, a second Enter): while one
 * run is in flight, further runs are ignored. `busy` is for disabling the button and saying
 * "Saving…"; the ref makes the guard hold even before React re-renders.
 */
import { useCallback, useRef, useState } from 'react';

export function useInFlight(): [busy: boolean, run: (task: () => Promise<void>) => Promise<void>] {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (task: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await task();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return [busy, run];
}

/**
 * True for the second click of a double-click. A workflow button is replaced by the next step
 * under the pointer (Submit → Approve), so that click must not trigger the next step.
 */
export const isRepeatClick = (event: { detail: number }) => event.detail > 1;
