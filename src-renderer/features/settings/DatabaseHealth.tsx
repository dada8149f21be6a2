/**
 * Settings → Database health: the integrity check that runs in the background instead of at
 * start (its state, why it runs, what it last found, and "Check now"), whether the last session
 * ended without closing the database, and the checkpoints that keep the write-ahead log small.
 * While a check runs or waits to run, the section asks the core again every second.
 */
import { formatDateTime } from '../../components/dates';
import { useCallback, useEffect, useState } from 'react';
import type { DatabaseHealth as Health, IntegrityReason } from '../../../src-shared/api/database';
import { formatBytes } from '../../../src-shared/domain/evidence';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';

const POLL_MS = 1000;

const REASONS: Record<IntegrityReason, string> = {
  unclean_shutdown: 'the app was not closed properly last time',
  due: 'the last check was more than a week ago',
  requested: 'you asked for it',
};

const when = (iso: string) => formatDateTime(iso);

function IntegrityLine({ health }: { health: Health }) {
  const { state, reason, checkedAt, message } = health.integrity;
  const last = checkedAt ? ` Last checked ${when(checkedAt)}.` : '';
  switch (state) {
    case 'checking':
      return <p>Checking the database now ({reason ? REASONS[reason] : 'in the background'}). You can keep working.</p>;
    case 'scheduled':
      return (
        <p>
          A check will run in the background soon:{' '}
          {reason === 'due' && !checkedAt ? 'the database has not been checked yet' : reason ? REASONS[reason] : 'it is due'}.
          {last}
        </p>
      );
    case 'not_checked':
      return <p>The database has not been checked yet.</p>;
    case 'ok':
      return <p className="trail-verify-ok">No problems found.{last}</p>;
    case 'damaged':
      return (
        <div role="alert">
          <p className="error-text">
            The database file is damaged: SQLite reports the problems below.{last} Copy the data folder before making more
            changes.
          </p>
          <pre className="db-health-findings">{message}</pre>
        </div>
      );
  }
}

export function DatabaseHealth() {
  const [health, setHealth] = useState<Health | null>(null);
  const load = useCallback(() => call(complyflow().database.health({})).then(setHealth, showError), []);

  useEffect(() => {
    void load();
  }, [load]);
  const checking = health?.integrity.state === 'checking';
  const waiting = checking || health?.integrity.state === 'scheduled';
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, load]);

  const checkNow = () => call(complyflow().database.checkIntegrity({})).then(setHealth, showError);

  if (!health) return <p className="settings-hint">Reading the database state…</p>;
  const { checkpoints } = health;
  return (
    <div className="db-health">
      <p className="settings-hint">
        The integrity check reads the whole database file, so it runs in the background rather than when the app starts.
      </p>
      <div aria-live="polite">
        <IntegrityLine health={health} />
      </div>
      {health.uncleanShutdown && <p>The previous session ended without closing the database (a crash or power loss).</p>}
      <div>
        <button type="button" onClick={() => void checkNow()} disabled={checking}>
          {checking ? 'Checking…' : 'Check now'}
        </button>
      </div>
      <p className="settings-hint">
        Write-ahead log: {formatBytes(checkpoints.walBytes)}.{' '}
        {checkpoints.lastAt
          ? `Last checkpoint ${when(checkpoints.lastAt)} (${checkpoints.lastCheckpointedFrames} of ${checkpoints.lastLogFrames} pages copied).`
          : 'No checkpoint yet in this session.'}
      </p>
    </div>
  );
}
