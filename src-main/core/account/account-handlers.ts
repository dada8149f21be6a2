/**
 * The account namespace: connecting to a project, signing in (with a second factor), choosing
 * an organization, its members, and removing this computer's copy of one. Every answer is an
 * AccountStatus, which carries no token or key.
 */
import { rmSync } from 'node:fs';
import type { ApiHandlers } from '../../../src-shared/api';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import type { WorkspaceRole } from '../../../src-shared/domain/permissions';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { AppSettingsStore } from '../auth/app-settings';
import type { Db } from '../db/database';
import type { SessionService } from '../auth/session-service';
import type { EventSink } from '../events';
import type { Logger } from '../router/router';
import type { SecretStore } from '../secrets/secret-store';
import { orgWorkspaceRoot } from '../workspace';
import type { ActiveWorkspace } from '../workspaces/active-workspace';
import { openWorkspace } from '../workspaces/open-workspace';
import { bringLocalWorkspace } from './bring-local';
import { cachedMembers, refreshMembers } from './org-members';
import { exportPendingChanges, lastPendingSeq, pendingCount } from './pending-changes';

export interface AccountDeps {
  session: SessionService;
  settings: AppSettingsStore;
  secrets: SecretStore;
  workspace: ActiveWorkspace;
  emit: EventSink;
  log: Logger;
  roleHere: () => WorkspaceRole;
  dataDir: string;
}

export function accountHandlers(deps: AccountDeps): ApiHandlers['account'] {
  const { session, settings, secrets, workspace, emit } = deps;
  /** Outbox position each organization's unsent changes were exported up to, this run. */
  const exportedUpTo = new Map<string, number>();

  const status = async () => session.status(workspace.orgId, await secrets.status());

  const open = (orgId: string) => {
    if (workspace.switchTo(orgId)) {
      settings.update(orgId === LOCAL_ORG_ID ? { activeOrgId: null } : { activeOrgId: orgId, lastOrgId: orgId });
      emit('workspace.changed', { orgId });
    }
  };

  /** After sign-in: the organization opened last, or the only one; else the user picks. */
  const openAfterSignIn = () => {
    const { memberships, lastOrgId } = settings.read();
    const target = memberships.find((m) => m.orgId === lastOrgId) ?? (memberships.length === 1 ? memberships[0] : undefined);
    if (target && (!target.requireMfa || session.assurance() === 'aal2')) open(target.orgId);
  };

  const requireOrg = (orgId: string) => {
    const membership = settings.read().memberships.find((m) => m.orgId === orgId);
    if (!membership)
      throw new AppError(
        ErrorCode.NotFound,
        'You are not a member of that organization (or the list is out of date: sign in again).',
      );
    return membership;
  };

  return {
    status,
    async connect({ url, anonKey }) {
      await session.connect(url, anonKey);
      return status();
    },
    async useLocal() {
      await session.useLocal();
      open(LOCAL_ORG_ID);
      return status();
    },
    async signIn({ email, password }) {
      await session.signIn(email, password);
      if (session.sessionState() === 'signed-in') openAfterSignIn();
      return status();
    },
    async verifyMfa({ code }) {
      await session.verifyMfa(code);
      openAfterSignIn();
      return status();
    },
    async signOut() {
      await session.signOut();
      open(LOCAL_ORG_ID);
      return status();
    },
    async selectOrganization({ orgId }) {
      if (orgId !== LOCAL_ORG_ID) {
        const membership = requireOrg(orgId);
        if (!session.currentUser()) throw new AppError(ErrorCode.Unauthenticated, 'Sign in to open an organization.');
        if (membership.requireMfa && session.assurance() !== 'aal2' && session.isOnline()) {
          throw new AppError(
            ErrorCode.Forbidden,
            `${membership.orgName} requires two-step sign-in. Set up an authenticator in Settings → Account, then sign in again with its code.`,
          );
        }
      }
      open(orgId);
      return status();
    },
    async members() {
      if (workspace.isLocal) return [];
      const { db, orgId } = workspace.get().deps;
      if (!session.isOnline() || session.sessionState() !== 'signed-in') return cachedMembers(db);
      return refreshMembers(db, session, orgId);
    },
    enrollTotp: () => session.enrollTotp(),
    async confirmTotp({ factorId, code }) {
      await session.confirmTotp(factorId, code);
      return status();
    },
    async removeTotp() {
      await session.removeTotp();
      return status();
    },
    async acceptSecretRisk({ accepted }) {
      await secrets.acceptRisk(accepted);
      return status();
    },
    exportPending({ orgId }) {
      if (orgId === LOCAL_ORG_ID) throw new AppError(ErrorCode.InvalidInput, 'The local workspace has nothing to send.');
      requireOrg(orgId);
      const result = withReplica(orgId, (db) => exportPendingChanges(db, deps.dataDir, orgId, new Date().toISOString()));
      exportedUpTo.set(orgId, result.upToSeq);
      return { path: result.path, changes: result.changes };
    },
    async removeThisComputer({ orgId }) {
      if (orgId === LOCAL_ORG_ID)
        throw new AppError(ErrorCode.InvalidInput, 'The local workspace is not an organization’s copy.');
      const membership = requireOrg(orgId);
      const { waiting, last } = withReplica(orgId, (db) => ({ waiting: pendingCount(db), last: lastPendingSeq(db) }));
      if (waiting > 0 && (exportedUpTo.get(orgId) ?? -1) < last) {
        throw new AppError(
          ErrorCode.Conflict,
          `${waiting} change${waiting === 1 ? '' : 's'} of ${membership.orgName} ${waiting === 1 ? 'has' : 'have'} not been sent yet. Export them first, or wait until they are sent.`,
        );
      }
      if (workspace.orgId === orgId) open(LOCAL_ORG_ID);
      rmSync(orgWorkspaceRoot(deps.dataDir, orgId), { recursive: true, force: true });
      exportedUpTo.delete(orgId);
      await session.signOut();
      return status();
    },
    async bringLocalWorkspace() {
      if (workspace.isLocal)
        throw new AppError(ErrorCode.Conflict, 'Open the organization to copy your local workspace into first.');
      const user = session.currentUser();
      if (!user) throw new AppError(ErrorCode.Unauthenticated, 'Sign in to copy records into an organization.');
      if (!['owner', 'admin', 'compliance_officer'].includes(deps.roleHere())) {
        throw new AppError(
          ErrorCode.Forbidden,
          'Only owners, admins and compliance officers may bring records into the organization.',
        );
      }
      const local = openWorkspace(workspace.get().deps, LOCAL_ORG_ID);
      try {
        return bringLocalWorkspace(local.deps, workspace.get().deps, user.id);
      } finally {
        local.close();
      }
    },
    async setRequireMfa({ orgId, required }) {
      requireOrg(orgId);
      await session.rpc('set_org_require_mfa', { p_org_id: orgId, p_required: required });
      await session.refreshMemberships();
      return status();
    },
    async setAllowSelfApproval({ orgId, allowed }) {
      requireOrg(orgId);
      await session.rpc('set_org_allow_self_approval', { p_org_id: orgId, p_allowed: allowed });
      await session.refreshMemberships();
      return status();
    },
    dismissNotice() {
      if (settings.read().purgeNotice) settings.update({ purgeNotice: null });
      return status();
    },
  };

  /** Runs on an organization's replica: the open one, or opened for this call only. */
  function withReplica<T>(orgId: string, work: (db: Db) => T): T {
    if (workspace.orgId === orgId) return work(workspace.get().deps.db);
    const other = openWorkspace(workspace.get().deps, orgId);
    try {
      return work(other.deps.db);
    } finally {
      other.close();
    }
  }
}
