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
      <h3>Update policy</h3>
      <UpdatePolicyEditor />
      <h3>Devices</h3>
      <FleetView />
    </div>
  );
}
