import { z } from 'zod';
import { Id } from '../domain/common';
import { method } from './define';

export const WorkspaceInfo = z.object({
  kind: z.enum(['local', 'supabase']),
  orgId: Id,
  name: z.string(),
  dataDir: z.string(),
  appVersion: z.string(),
  schemaVersion: z.int(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const appApi = {
  workspace: method(z.strictObject({}), WorkspaceInfo),
};
