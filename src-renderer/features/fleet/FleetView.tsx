/**
 * Settings → Fleet → Devices: every device of the organization as it last reported at sync
 * (user, device, OS, app version, channel, last sync, last seen, changes waiting, revoked),
 * filtered by text, channel, version and state, exported as CSV (the filter applies), and
 * revoked with the same confirmation as Settings → Devices.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { filterFleet, type FleetDevice, type FleetFilter, type FleetList } from '../../../src-shared/domain/fleet';
import { call, complyflow } from '../../api/complyflow';
import { showError, useToasts } from '../../app/toast-store';
import { RevokeDeviceDialog } from '../../components/RevokeDeviceDialog';
import { formatDateTime } from '../../components/dates';
import { saveDownload } from '../../components/file-actions';

const when = (iso: string | null) => (iso ? <time dateTime={iso}>{formatDateTime(iso)}</time> : 'Never');
const deviceName = (d: FleetDevice) => d.name || 'Unnamed computer';

const NO_FILTER: FleetFilter = { text: '', channel: 'any', version: '', versionMatch: 'exact', revoked: 'any' };

export function FleetView() {
  const [list, setList] = useState<FleetList | null>(null);
  const [filter, setFilter] = useState<FleetFilter>(NO_FILTER);
  const [asking, setAsking] = useState<FleetDevice | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => call(complyflow().fleet.devices({})).then(setList, showError), []);
  useEffect(() => {
    void load();
  }, [load]);
  const shown = useMemo(() => (list ? filterFleet(list.devices, filter) : []), [list, filter]);
  const set = (patch: Partial<FleetFilter>) => setFilter({ ...filter, ...patch });

  const exportCsv = async () => {
    try {
      saveDownload(await call(complyflow().fleet.exportCsv({ filter })));
    } catch (error) {
      showError(error);
    }
  };

  const revoke = async (device: FleetDevice) => {
    setBusy(true);
    try {
      const answer = await call(complyflow().fleet.revoke({ deviceId: device.id }));
      useToasts.getState().show({
        tone: 'info',
        text: answer.thisComputer
          ? 'This computer was revoked: sync has stopped, and your work here is kept for export.'
          : `“${deviceName(device)}” was revoked. It can no longer sync or call the server.`,
      });
      setAsking(null);
      await load();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  if (!list) return <p className="settings-hint">Asking the server for the organization’s devices…</p>;
  if (!list.available) return <p className="settings-hint">{list.message}</p>;
  return (
    <div className="fleet-view">
      <div className="fleet-filters" role="search" aria-label="Filter devices">
        <label>
          Search
          <input
            type="search"
            value={filter.text}
            placeholder="User, device, OS or version"
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <label>
          Channel
          <select value={filter.channel} onChange={(e) => set({ channel: e.target.value as FleetFilter['channel'] })}>
            <option value="any">Any</option>
            <option value="latest">Latest</option>
            <option value="beta">Beta</option>
            <option value="none">Not reported</option>
          </select>
        </label>
        <label>
          Version
          <select
            aria-label="Version comparison"
            value={filter.versionMatch}
            onChange={(e) => set({ versionMatch: e.target.value as FleetFilter['versionMatch'] })}
          >
            <option value="exact">Exactly</option>
            <option value="below">Below</option>
          </select>
        </label>
        <label>
          <span className="visually-hidden">Version to compare</span>
          <input value={filter.version} placeholder="e.g. 1.4.0" onChange={(e) => set({ version: e.target.value })} />
        </label>
        <label>
          State
          <select value={filter.revoked} onChange={(e) => set({ revoked: e.target.value as FleetFilter['revoked'] })}>
            <option value="any">Any</option>
            <option value="active">Active</option>
            <option value="revoked">Revoked</option>
          </select>
        </label>
        <button type="button" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </div>
      <p className="settings-hint" aria-live="polite">
        {shown.length === list.devices.length
          ? `${list.devices.length} device${list.devices.length === 1 ? '' : 's'}.`
          : `${shown.length} of ${list.devices.length} devices match.`}
      </p>
      {shown.length === 0 ? (
        <p className="empty-state">No device matches.</p>
      ) : (
        <div className="fleet-table-scroll" tabIndex={0} role="region" aria-label="Devices of the organization">
          <table className="devices-table fleet-table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Device</th>
                <th scope="col">OS</th>
                <th scope="col">App version</th>
                <th scope="col">Channel</th>
                <th scope="col">Last sync</th>
                <th scope="col">Last seen</th>
                <th scope="col">Changes waiting</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <tr key={d.id} className={d.revokedAt ? 'device-revoked' : undefined}>
                  <td>{d.userName ?? 'A former member'}</td>
                  <td>
                    <span className="device-name">{deviceName(d)}</span>
                    {d.thisComputer && <span className="device-badge">This computer</span>}
                  </td>
                  <td>{d.os ?? '—'}</td>
                  <td>{d.appVersion ?? '—'}</td>
                  <td>{d.channel ?? '—'}</td>
                  <td>{when(d.lastSyncAt)}</td>
                  <td>{when(d.lastSeenAt)}</td>
                  <td>{d.changesWaiting ?? '—'}</td>
                  <td>
                    {d.revokedAt ? (
                      <span>Revoked {when(d.revokedAt)}</span>
                    ) : (
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Revoke “${deviceName(d)}” of ${d.userName ?? 'a former member'}`}
                        onClick={() => setAsking(d)}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {asking && (
        <RevokeDeviceDialog
          name={deviceName(asking)}
          thisComputer={asking.thisComputer}
          busy={busy}
          onConfirm={() => void revoke(asking)}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}
