/**
 * Accounts and organizations as the renderer sees them: which Supabase project the app is
 * connected to, who is signed in, their memberships and roles, and how secrets are kept. Never a
 * token, a refresh token or a key: those stay in the core (DESIGN §6).
 */
import { z } from 'zod';
import { Id } from './common';

export const MEMBER_ROLES = ['owner', 'admin', 'compliance_officer', 'auditor', 'viewer'] as const;
export const MemberRole = z.enum(MEMBER_ROLES);
export type MemberRole = z.infer<typeof MemberRole>;

export const ROLE_LABELS: Record<MemberRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  compliance_officer: 'Compliance officer',
  auditor: 'Auditor',
  viewer: 'Viewer',
};

/** Who set the connection: a setting IT placed is locked ("Managed by your organization"). */
export const ConnectionSource = z.enum(['policy-file', 'environment', 'command-line', 'user', 'none']);
export type ConnectionSource = z.infer<typeof ConnectionSource>;

export const Connection = z.object({
  /** 'unset' until the first-run choice; 'local' = the local workspace only. */
  mode: z.enum(['unset', 'local', 'supabase']),
  url: z.string().nullable(),
  /** The anon key's presence and a short tail to recognise it by; never the key itself. */
  anonKeyHint: z.string().nullable(),
  source: ConnectionSource,
  locked: z.boolean(),
});
export type Connection = z.infer<typeof Connection>;

export const SessionState = z.enum(['signed-out', 'mfa-required', 'signed-in', 'expired']);
export type SessionState = z.infer<typeof SessionState>;

export const Membership = z.object({
  orgId: Id,
  orgName: z.string(),
  role: MemberRole,
  requireMfa: z.boolean(),
  displayName: z.string().nullable(),
  /** Members may approve versions they edited themselves (src-shared/domain/self-approval.ts). */
  allowSelfApproval: z.boolean().default(false),
});
export type Membership = z.infer<typeof Membership>;

export const SecretProtection = z.enum(['os-encrypted', 'memory', 'plaintext']);
export const SecretsStatus = z.object({
  /** How secrets are kept now: encrypted by the OS keyring, in memory only, or unencrypted on disk. */
  protection: SecretProtection,
  /** True when the session survives a restart. */
  persistent: z.boolean(),
  /** True when the user may choose to keep the session on disk without OS encryption. */
  canAcceptRisk: z.boolean(),
  riskAccepted: z.boolean(),
  explanation: z.string(),
});
export type SecretsStatus = z.infer<typeof SecretsStatus>;

/**
 * This computer's copy of an organization was removed because the user is no member any more
 * (the server said so at a sync). Kept until the user dismisses it, across restarts, so the
 * notice is read after the window reload that opens the local workspace.
 */
export const PurgeNotice = z.object({
  orgId: Id,
  /** The organization's name as this computer last knew it (null if it never knew it). */
  orgName: z.string().nullable(),
  /** The server's words. */
  message: z.string(),
  /** The file the changes not sent yet were written to; null when there were none. */
  exportedPath: z.string().nullable(),
  at: z.string(),
});
export type PurgeNotice = z.infer<typeof PurgeNotice>;

export const AccountStatus = z.object({
  connection: Connection,
  session: SessionState,
  user: z.object({ id: Id, email: z.string() }).nullable(),
  /** The assurance level of the session: aal2 after a second factor. */
  aal: z.enum(['aal1', 'aal2']).nullable(),
  hasTotp: z.boolean(),
  online: z.boolean(),
  memberships: z.array(Membership),
  /** The workspace open now: an organization's id, or the local workspace's. */
  activeOrgId: Id,
  secrets: SecretsStatus,
  /** Something the user should read (session ended, server unreachable), in words; null when all is well. */
  message: z.string().nullable(),
  /** An organization's copy removed from this computer, until dismissed (dismissNotice). */
  notice: PurgeNotice.nullable(),
});
export type AccountStatus = z.infer<typeof AccountStatus>;

export const Member = z.object({
  userId: Id,
  displayName: z.string().nullable(),
  email: z.string(),
  role: MemberRole,
});
export type Member = z.infer<typeof Member>;

/** The project to connect to: an https URL (http only on this computer) and its anon key. */
export const ConnectInput = z.strictObject({
  url: z.string().trim().min(1, 'enter the project URL').max(2000, 'the project URL is too long'),
  anonKey: z.string().trim().min(1, 'enter the anon (publishable) key').max(4000, 'the anon key is too long'),
});

export const SignInInput = z.strictObject({
  email: z.string().trim().min(3, 'enter your email address').max(320, 'the email address is too long'),
  password: z.string().min(1, 'enter your password').max(1000, 'the password is too long'),
});

export const TotpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'enter the 6-digit code from your authenticator app');

export const TotpEnrolment = z.object({
  factorId: Id,
  /** The otpauth:// URI as a QR code image (data: URL of an SVG made by the core). */
  qrCode: z.string(),
  /** The shared secret, for typing into an authenticator by hand. */
  secret: z.string(),
});
export type TotpEnrolment = z.infer<typeof TotpEnrolment>;

export const BringLocalResult = z.object({
  orgId: Id,
  copied: z.record(z.string(), z.int()),
  files: z.int(),
});
export type BringLocalResult = z.infer<typeof BringLocalResult>;
