// Arranges an organization with one signed-up user per role, through the superuser pool (the
// way an operator would invite people). Used by the tests and by `npm run dev:stack`.
import { randomUUID } from 'node:crypto';
import type { Stack } from './stack.ts';

export const MEMBER_ROLES = ['owner', 'admin', 'compliance_officer', 'auditor', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface SeededUser {
  id: string;
  email: string;
  password: string;
  role: MemberRole;
}

export interface SeededOrg {
  id: string;
  name: string;
  users: Record<MemberRole, SeededUser>;
}

export async function seedOrg(
  stack: Pick<Stack, 'admin' | 'createUser'>,
  name: string,
  options: { domain?: string; password?: string } = {},
): Promise<SeededOrg> {
  const id = randomUUID();
  const domain = options.domain ?? `${id.slice(0, 8)}.example`;
  await stack.admin.query(`insert into public.organizations (id, name) values ($1, $2)`, [id, name]);
  const users = {} as Record<MemberRole, SeededUser>;
  for (const role of MEMBER_ROLES) {
    const email = `${role.replace('_', '-')}@${domain}`;
    const password = options.password ?? `pw-${randomUUID()}`;
    const userId = await stack.createUser(email, password);
    await stack.admin.query(`insert into public.memberships (org_id, user_id, role) values ($1, $2, $3)`, [id, userId, role]);
    users[role] = { id: userId, email, password, role };
  }
  return { id, name, users };
}
