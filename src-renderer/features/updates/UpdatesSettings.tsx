/**
 * Settings → Updates: this version and channel, the update policy key by key with where each
 * value comes from (a locked key says "Managed by your organization"), "Check for updates" with
 * download progress and release notes (plain text from the core), Later (with the days left)
 * and Install now. In the browser host it shows the policy and says the desktop app updates.
 */
import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../../src-shared/api/updates';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { formatDateTime } from '../../components/dates';
import { CHANNEL_LABEL, installWhenText, KEY_LABEL, phaseText, SOURCE_TEXT, valueText } from './update-words';
import { startUpdates, useUpdates } from './update-store';
import './updates.css';

export function UpdatesSettings() {
  const status = useUpdates((s) => s.status);
  const [busy, setBusy] = useState(false);
  useEffect(() => startUpdates(), []);
  if (!status) return <p className="settings-hint">Reading the update policy…</p>;

  const run = async (action: () => Promise<UpdateStatus>) => {
    setBusy(true);
    try {
      useUpdates.getState().set(await action());
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  const api = complyflow().updates;
  const entry = (key: string) => status.policy.find((e) => e.key === key);
  const channelLocked = entry('channel')?.locked ?? true;
  const modeLocked = entry('installMode')?.locked ?? true;
  const desktop = status.host === 'desktop';

  return (
    <div className="updates-settings" data-testid="updates-settings">
      <dl className="facts">
        <dt>Version</dt>
        <dd data-testid="update-version">{status.currentVersion}</dd>
        <dt>Channel</dt>
        <dd data-testid="update-channel">{CHANNEL_LABEL[status.channel]}</dd>
        {status.lastCheckedAt && (
          <>
            <dt>Last checked</dt>
            <dd>{formatDateTime(status.lastCheckedAt)}</dd>
          </>
        )}
      </dl>
      {!desktop && (
        <p className="settings-hint" data-testid="update-browser-host">
          Updates are handled by the ComplyFlow desktop app; this browser window does not update itself. The policy below is what
          the desktop app follows on this computer.
        </p>
      )}
      {status.policyProblem && (
        <p className="form-error" role="alert">
          {status.policyProblem}
        </p>
      )}
      <table className="update-policy" aria-label="Update policy">
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Value</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {status.policy.map((e) => (
            <tr key={e.key} data-testid={`update-policy-${e.key}`}>
              <th scope="row">{KEY_LABEL[e.key]}</th>
              <td>{valueText(e)}</td>
              <td>
                {SOURCE_TEXT[e.source]}
                {e.locked && <span className="update-locked"> · Managed by your organization</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="settings-choices">
        <label>
          Channel{' '}
          <select
            value={status.channel}
            disabled={channelLocked || busy}
            aria-describedby={channelLocked ? 'update-channel-locked' : undefined}
            onChange={(event) => void run(() => call(api.setPreferences({ channel: event.target.value as 'latest' | 'beta' })))}
          >
            <option value="latest">{CHANNEL_LABEL.latest}</option>
            <option value="beta">{CHANNEL_LABEL.beta}</option>
          </select>
        </label>
        {channelLocked && (
          <span id="update-channel-locked" className="settings-hint">
            Managed by your organization
          </span>
        )}
        <label>
          Install updates{' '}
          <select
            value={String(entry('installMode')?.value ?? 'on-quit')}
            disabled={modeLocked || busy}
            onChange={(event) =>
              void run(() =>
                call(api.setPreferences({ installMode: event.target.value as 'on-quit' | 'on-next-launch' | 'manual' })),
              )
            }
          >
            <option value="on-quit">When I quit ComplyFlow</option>
            <option value="on-next-launch">When ComplyFlow next starts</option>
            <option value="manual">Only when I choose</option>
          </select>
        </label>
      </div>
      {desktop && (
        <div className="update-state" aria-live="polite">
          <p data-testid="update-phase">{phaseText(status)}</p>
          {status.message && (
            <p className="settings-hint" data-testid="update-message">
              {status.message}
            </p>
          )}
          {status.progress && (
            <progress max={100} value={status.progress.percent} aria-label="Download progress">
              {Math.round(status.progress.percent)}%
            </progress>
          )}
          {(status.phase === 'available' || status.phase === 'downloading' || status.phase === 'downloaded') && (
            <p className="settings-hint">{installWhenText(status)}</p>
          )}
          {status.releaseNotes && (
            <details open>
              <summary>What’s new in {status.offeredVersion}</summary>
              <pre className="update-notes">{status.releaseNotes}</pre>
            </details>
          )}
          <div className="update-actions">
            <button
              type="button"
              className="button"
              disabled={busy || status.phase === 'checking'}
              onClick={() => void run(() => call(api.check({})))}
            >
              Check for updates
            </button>
            {status.phase === 'available' && status.installWhen === 'manual' && (
              <button type="button" className="button" disabled={busy} onClick={() => void run(() => call(api.download({})))}>
                Download
              </button>
            )}
            {status.deferral?.canDefer && !status.deferral.deferred && (
              <button type="button" className="button" disabled={busy} onClick={() => void run(() => call(api.defer({})))}>
                Later ({status.deferral.daysLeft} {status.deferral.daysLeft === 1 ? 'day' : 'days'} left)
              </button>
            )}
            {status.phase === 'downloaded' && (
              <button
                type="button"
                className="button primary"
                disabled={busy}
                onClick={() => void run(() => call(api.installNow({})))}
              >
                Install now
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
