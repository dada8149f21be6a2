/**
 * What each role may do, in one place: the core refuses a call the caller's role does not allow
 * (before any handler runs), and the renderer does not offer it. The rules mirror the server's
 * row-level security (supabase/migrations/*_record_policies.sql), so nothing the UI offers is
 * refused later by the server:
 *   owner, admin        everything in the org
 *   compliance_officer  frameworks, controls, policies, evidence
 *   auditor             reads everything; fieldwork (results, findings, evidence captured in an audit)
 *   viewer              reads
 * In the local workspace the person at the keyboard may do everything.
 */
import type { MemberRole } from './account';

export type Permission =
  /** Read anything of the workspace (every member). */
  | 'read'
  /** Settings of this computer only (evidence size limit, appearance). */
  | 'device'
  /** Write frameworks, controls, policies and their links, evidence outside audits. */
  | 'records.write'
  /** Approve and publish policies. */
  | 'policies.approve'
  /** Create, scope, change and close audits. */
  | 'audits.plan'
  /** Record results, findings and evidence inside an open audit. */
  | 'audits.fieldwork'
  /** Organization settings (require MFA). */
  | 'org.admin';

/** The role the app acts with: a member role in an organization, or 'local' in the local workspace. */
export type WorkspaceRole = MemberRole | 'local';

const EVERYONE: readonly Permission[] = ['read', 'device'];

const ROLE_PERMISSIONS: Record<MemberRole, readonly Permission[]> = {
  owner: [...EVERYONE, 'records.write', 'policies.approve', 'audits.plan', 'audits.fieldwork', 'org.admin'],
  admin: [...EVERYONE, 'records.write', 'policies.approve', 'audits.plan', 'audits.fieldwork', 'org.admin'],
  compliance_officer: [...EVERYONE, 'records.write'],
  auditor: [...EVERYONE, 'audits.fieldwork'],
  viewer: EVERYONE,
};

export function can(role: WorkspaceRole, permission: Permission): boolean {
  return role === 'local' || ROLE_PERMISSIONS[role].includes(permission);
}

/** Words for a refusal: what the role cannot do, said to the person. */
export const PERMISSION_WORDS: Record<Permission, string> = {
  read: 'read this workspace',
  device: 'change this computer’s settings',
  'records.write': 'change frameworks, controls, policies or evidence',
  'policies.approve': 'approve or publish policies',
  'audits.plan': 'plan, change or close audits',
  'audits.fieldwork': 'record audit results, findings or evidence in an audit',
  'org.admin': 'change the organization’s settings',
};
