/**
 * Settings → Fleet (owners and admins of an organization; nobody else sees it): the
 * organization's update policy and every device of the org. SettingsPage decides who sees it.
 */
import { FleetView } from './FleetView';
import { UpdatePolicyEditor } from './UpdatePolicyEditor';
import './fleet.css';

export function FleetSettings() {
  return (
    <div className="fleet-settings">
      <h2>Update policy</h2>
      <UpdatePolicyEditor />
      <h2>Devices</h2>
      <FleetView />
    </div>
  );
}
