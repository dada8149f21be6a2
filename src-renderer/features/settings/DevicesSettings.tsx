/**
 * Settings → Devices: the computers registered in the open organization, each with its own key.
 * A member sees their own and revokes one (a lost laptop); owners and admins see and revoke every
 * member's. Revoking asks first and cannot be undone: the computer is refused at its next
 * request, stops syncing and keeps what it holds, so its user can still export it.
 */
import { useCallback, useEffect, useState } from 'react';
import type { DeviceInfo, DeviceList } from '../../../src-shared/api/devices';
import { call, complyflow } from '../../api/complyflow';
import { showError, useToasts } from '../../app/toast-store';
import { RevokeDeviceDialog } from '../../components/RevokeDeviceDialog';
import { formatDateTime } from '../../components/dates';
import './devices-settings.css';

const lastSeen = (device: DeviceInfo) => (device.lastSeenAt ? formatDateTime(device.lastSeenAt) : 'Not yet');

export function DevicesSettings() {
  const [list, setList] = useState<DeviceList | null>(null);
  const [asking, setAsking] = useState<DeviceInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => call(complyflow().devices.list({})).then(setList, showError), []);
  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (device: DeviceInfo) => {
    setBusy(true);
    try {
      const answer = await call(complyflow().devices.revoke({ deviceId: device.id }));
      useToasts.getState().show({
        tone: 'info',
        text: answer.thisComputer
          ? 'This computer was revoked: sync has stopped, and your work here is kept for export.'
          : `“${device.name || 'Unnamed computer'}” was revoked. It can no longer sync or call the server.`,
      });
      setAsking(null);
      await load();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  if (!list) return <p className="settings-hint">Asking the server for the registered computers…</p>;
  if (!list.available) return <p className="settings-hint">{list.message}</p>;
  return (
    <div className="devices-settings">
      <p className="settings-hint">
        {list.allMembers
          ? 'Every computer registered in this organization. Revoke one that is lost or no longer used: it stops syncing at once.'
          : 'The computers you use with this organization. Revoke one that is lost or no longer used, for example a lost laptop.'}
      </p>
      {list.devices.length === 0 ? (
        <p className="empty-state">No computer is registered yet; this one registers at its first sync.</p>
      ) : (
        <table className="devices-table" aria-label="Registered computers">
          <thead>
            <tr>
              <th scope="col">Computer</th>
              {list.allMembers && <th scope="col">Member</th>}
              <th scope="col">Last seen</th>
              <th scope="col">App version</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.devices.map((device) => (
              <tr key={device.id} className={device.revokedAt ? 'device-revoked' : undefined}>
                <td>
                  <span className="device-name">{device.name || 'Unnamed computer'}</span>
                  {device.thisComputer && <span className="device-badge">This computer</span>}
                </td>
                {list.allMembers && <td>{device.mine ? 'You' : (device.userName ?? 'A former member')}</td>}
                <td>{device.lastSeenAt ? <time dateTime={device.lastSeenAt}>{lastSeen(device)}</time> : lastSeen(device)}</td>
                <td>{device.appVersion ?? '—'}</td>
                <td>
                  {device.revokedAt ? (
                    <span>
                      Revoked <time dateTime={device.revokedAt}>{formatDateTime(device.revokedAt)}</time>
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Revoke “${device.name || 'Unnamed computer'}”`}
                      onClick={() => setAsking(device)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {asking && (
        <RevokeDeviceDialog
          name={asking.name || 'Unnamed computer'}
          thisComputer={asking.thisComputer}
          busy={busy}
          onConfirm={() => void revoke(asking)}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}
