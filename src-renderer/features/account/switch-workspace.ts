/** Opening another workspace: asks first when something is unsaved; the window then reloads on the core's event. */
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { call, complyflow } from '../../api/complyflow';
import { confirmLeave } from '../../app/router-store';
import { useSession } from '../../app/session-store';
import { showError } from '../../app/toast-store';

export async function switchWorkspace(orgId: string): Promise<void> {
  if (useSession.getState().account?.activeOrgId === orgId) return;
  if (!confirmLeave()) return;
  try {
    useSession.getState().setAccount(await call(complyflow().account.selectOrganization({ orgId })));
  } catch (error) {
    showError(error);
  }
}

export const openLocalWorkspace = () => switchWorkspace(LOCAL_ORG_ID);
