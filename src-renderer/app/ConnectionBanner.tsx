/** Says when the window lost its connection to the ComplyFlow host and that it is reconnecting. */
import { useConnection } from '../api/connection-state';

export function ConnectionBanner() {
  const { state, attempt, retryInMs } = useConnection();
  if (state === 'connected') return null;
  return (
    <p className="connection-banner" role="status">
      Lost the connection to ComplyFlow; reconnecting (attempt {attempt}, next try in {Math.round(retryInMs / 100) / 10} s). Your
      changes wait and are sent when it is back.
      {attempt >= 6 && ' If the host was restarted on another address, open the address it printed.'}
    </p>
  );
}
