// Arranges an organization with one signed-up user per role, each with a display name in it,
// through the superuser pool (the way an operator would invite people). Used by the tests and
// by `npm run dev:stack`.
import { randomUUID } from 'node:crypto';
import type { Stack } from './stack.ts';

export const MEMBER_ROLES = ['owner', 'admin', 'compliance_officer', 'auditor', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The name each seeded user goes by in their org (what org_members() answers). */
export const DISPLAY_NAMES: Record<MemberRole, string> = {
  owner: 'Olivia Owner',
  admin: 'Adam Admin',
  compliance_officer: 'Cora Compliance',
  auditor: 'Aldo Auditor',
  viewer: 'Vera Viewer',
};

export interface SeededUser {
  id: string;
  email: string;
  password: string;
  role: MemberRole;
  displayName: string;
}

export interface SeededOrg {
  id: string;
  name: string;
  users: Record<MemberRole, SeededUser>;
}

export async function seedOrg(
  stack: Pick<Stack, 'admin' | 'createUser'>,
  name: string,
  options: { domain?: string; password?: string; requireMfa?: boolean } = {},
): Promise<SeededOrg> {
  const id = randomUUID();
  const domain = options.domain ?? `${id.slice(0, 8)}.example`;
  await stack.admin.query(`insert into public.organizations (id, name, require_mfa) values ($1, $2, $3)`, [
    id,
    name,
    options.requireMfa ?? false,
  ]);
  const users = {} as Record<MemberRole, SeededUser>;
  for (const role of MEMBER_ROLES) {
    const email = `${role.replace('_', '-')}@${domain}`;
    const password = options.password ?? `pw-${randomUUID()}`;
    const userId = await stack.createUser(email, password);
    const user = { id: userId, email, password, role, displayName: DISPLAY_NAMES[role] };
    await addMember(stack, id, user, role);
    users[role] = user;
  }
  return { id, name, users };
}

/** Makes an existing user a member of an org in a role, under their display name. */
export async function addMember(
  stack: Pick<Stack, 'admin'>,
  orgId: string,
  user: Pick<SeededUser, 'id' | 'displayName'>,
  role: MemberRole,
): Promise<void> {
  await stack.admin.query(`insert into public.memberships (org_id, user_id, role, display_name) values ($1, $2, $3, $4)`, [
    orgId,
    user.id,
    role,
    user.displayName,
  ]);
}
