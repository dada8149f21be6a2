/**
 * The user's organizations with their role, and the local workspace: one click opens one.
 * The open one is marked; an organization that requires a second factor says so.
 */
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { ROLE_LABELS } from '../../../src-shared/domain/account';
import { useSession } from '../../app/session-store';
import { switchWorkspace } from './switch-workspace';

export function OrganizationPicker() {
  const account = useSession((s) => s.account);
  if (!account) return null;
  const entries = [
    ...account.memberships.map((m) => ({
      id: m.orgId,
      name: m.orgName,
      detail: ROLE_LABELS[m.role] + (m.requireMfa ? ' · requires two-step sign-in' : ''),
    })),
    { id: LOCAL_ORG_ID, name: 'Local workspace', detail: 'On this computer only, not synced' },
  ];
  return (
    <ul className="org-picker" aria-label="Organizations">
      {entries.map((entry) => {
        const current = entry.id === account.activeOrgId;
        return (
          <li key={entry.id}>
            <button
              type="button"
              className="org-choice"
              aria-current={current ? 'true' : undefined}
              aria-label={`${entry.name}, ${entry.detail}${current ? ', open now' : ''}`}
              onClick={() => void switchWorkspace(entry.id)}
            >
              <strong>{entry.name}</strong>
              <span className="org-role">{entry.detail}</span>
              {current && <span className="badge">Open</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
