import { z } from 'zod';
import { MEMBER_ROLES } from '../domain/account';
import { Id } from '../domain/common';
import { FileActions } from '../domain/files';
import { method } from './define';

export const WorkspaceInfo = z.object({
  kind: z.enum(['local', 'supabase']),
  orgId: Id,
  name: z.string(),
  dataDir: z.string(),
  appVersion: z.string(),
  schemaVersion: z.int(),
  /** The role the app acts with here: a member role, or 'local' (everything) in the local workspace. */
  role: z.enum(['local', ...MEMBER_ROLES]),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

/** The local user's display name ("Your name"): recorded as the actor of local changes; null until set. */
export const Profile = z.object({ displayName: z.string().nullable() });
export type Profile = z.infer<typeof Profile>;

export const DISPLAY_NAME_MAX = 120;

export const ProfileUpdateInput = z.strictObject({
  displayName: z
    .string()
    .trim()
    .min(1, 'your name cannot be empty')
    .max(DISPLAY_NAME_MAX, `must be at most ${DISPLAY_NAME_MAX} characters`)
    // eslint-disable-next-line no-control-regex
    .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'must not contain control characters'),
});

export const ThemeChoice = z.enum(['system', 'light', 'dark']);
export type ThemeChoice = z.infer<typeof ThemeChoice>;
export const Appearance = z.object({ theme: ThemeChoice });
export type Appearance = z.infer<typeof Appearance>;

export const appApi = {
  workspace: method(z.strictObject({}), WorkspaceInfo),
  /** The local user's profile (display name). */
  profile: method(z.strictObject({}), Profile),
  /** Sets the display name (trimmed, 1–120 characters); later local changes are recorded under it. */
  updateProfile: method(ProfileUpdateInput, Profile),
  /** Whether files are handed over by the desktop's dialogs (Electron) or as downloads (browser host). */
  fileActions: method(z.strictObject({}), FileActions),
  /** Light, dark or follow the system: one choice for the app, kept in its settings. */
  appearance: method(z.strictObject({}), Appearance),
  setAppearance: method(z.strictObject({ theme: ThemeChoice }), Appearance),
};
