import { z } from 'zod';
import { Id } from '../domain/common';
import { AccountStatus, BringLocalResult, ConnectInput, Member, SignInInput, TotpCode, TotpEnrolment } from '../domain/account';
import { method } from './define';

export const accountApi = {
  /** Connection, session, memberships and how secrets are kept. Never a token or a key. */
  status: method(z.strictObject({}), AccountStatus),
  /**
   * Saves the Supabase project to connect to, after checking that the URL answers as a Supabase
   * project and the key is an anon (publishable) key. Refused when IT manages the connection.
   */
  connect: method(ConnectInput, AccountStatus),
  /** The first-run choice "Use a local workspace": no project; opens the local workspace. */
  useLocal: method(z.strictObject({}), AccountStatus),
  /** Email and password; answers session 'mfa-required' when the account has a second factor. */
  signIn: method(SignInInput, AccountStatus),
  /** The 6-digit code of the account's TOTP factor (AAL2). */
  verifyMfa: method(z.strictObject({ code: TotpCode }), AccountStatus),
  /** Ends the session; replicas stay on this computer; the local workspace opens. */
  signOut: method(z.strictObject({}), AccountStatus),
  /** Opens an organization's replica (or the local workspace's, by its id). One click, never mixed. */
  selectOrganization: method(z.strictObject({ orgId: Id }), AccountStatus),
  /** The open organization's members, kept for offline display (empty in the local workspace). */
  members: method(z.strictObject({}), z.array(Member)),
  /** Starts TOTP enrolment: a QR code and the secret as text. */
  enrollTotp: method(z.strictObject({}), TotpEnrolment),
  /** Finishes enrolment with a code from the authenticator. */
  confirmTotp: method(z.strictObject({ factorId: Id, code: TotpCode }), AccountStatus),
  /** Removes the account's TOTP factor (needs a session verified with it). */
  removeTotp: method(z.strictObject({}), AccountStatus),
  /** Keep the session on disk although this computer cannot encrypt it (or stop doing so). */
  acceptSecretRisk: method(z.strictObject({ accepted: z.boolean() }), AccountStatus),
  /** Writes the changes still waiting to be sent from an organization's replica to a file. */
  exportPending: method(z.strictObject({ orgId: Id }), z.object({ path: z.string(), changes: z.int() })),
  /**
   * Signs out and deletes this computer's copy of an organization. Refused while changes wait to
   * be sent, unless they were exported (exportPending) after the last of them.
   */
  removeThisComputer: method(z.strictObject({ orgId: Id }), AccountStatus),
  /** Copies every record of the local workspace into the open organization as new changes by the user. */
  bringLocalWorkspace: method(z.strictObject({}), BringLocalResult),
  /** Owners and admins: members must use a second factor to see the organization's data. */
  setRequireMfa: method(z.strictObject({ orgId: Id, required: z.boolean() }), AccountStatus),
  /** Owners and admins: members may approve policy versions they edited themselves (a one-person team). */
  setAllowSelfApproval: method(z.strictObject({ orgId: Id, allowed: z.boolean() }), AccountStatus),
  /** The user read the notice about a removed organization's copy: it is not shown again. */
  dismissNotice: method(z.strictObject({}), AccountStatus),
};
