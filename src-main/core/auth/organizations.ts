/**
 * The server's answers about organizations, checked before the app keeps or shows any of them:
 * a membership list with a non-UUID org id, an unknown role or a missing name is refused whole,
 * in words, and nothing is written.
 */
import { z } from 'zod';
import { MemberRole, type Member, type Membership } from '../../../src-shared/domain/account';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { describeIssues } from '../router/router';

const ServerMembership = z.object({
  org_id: z.uuid({ message: 'must be a UUID' }),
  org_name: z.string().max(200),
  role: MemberRole,
  require_mfa: z.boolean().default(false),
  display_name: z.string().max(120).nullable().default(null),
  // A server before 20260101001680 does not say: its rule's default (nobody approves their own edit).
  allow_self_approval: z.boolean().default(false),
});

const ServerMember = z.object({
  user_id: z.uuid({ message: 'must be a UUID' }),
  display_name: z.string().max(120).nullable().default(null),
  email: z.string().max(320),
  role: MemberRole,
});

function parseList<T extends z.ZodType>(schema: T, data: unknown, what: string): z.output<T>[] {
  const parsed = z.array(schema).max(10_000).safeParse(data);
  if (!parsed.success) {
    throw new AppError(
      ErrorCode.BadServerAnswer,
      `The server sent ${what} the app cannot use: ${describeIssues(parsed.error)} Nothing was changed; tell IT if this keeps happening.`,
    );
  }
  return parsed.data;
}

export const parseMemberships = (data: unknown): Membership[] =>
  parseList(ServerMembership, data, 'a membership list').map((m) => ({
    orgId: m.org_id,
    orgName: m.org_name,
    role: m.role,
    requireMfa: m.require_mfa,
    displayName: m.display_name,
    allowSelfApproval: m.allow_self_approval,
  }));

export const parseMembers = (data: unknown): Member[] =>
  parseList(ServerMember, data, 'a member list').map((m) => ({
    userId: m.user_id,
    displayName: m.display_name,
    email: m.email,
    role: m.role,
  }));
