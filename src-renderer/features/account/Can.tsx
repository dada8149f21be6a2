/** Shows its children only when the user's role allows the permission (what the server would refuse is not offered). */
import type { ReactNode } from 'react';
import type { Permission } from '../../../src-shared/domain/permissions';
import { useCan } from '../../app/session-store';

export function Can({
  permission,
  children,
  otherwise = null,
}: {
  permission: Permission;
  children: ReactNode;
  otherwise?: ReactNode;
}) {
  return <>{useCan(permission) ? children : otherwise}</>;
}
