import { z } from 'zod';
import { Id } from '../domain/common';
import {
  Framework,
  FrameworkArchiveInput,
  FrameworkListInput,
  FrameworkListOutput,
  ImportFileInput,
  ImportResult,
  ImportShippedInput,
  ShippedFramework,
} from '../domain/framework';
import { method } from './define';

/** The frameworks namespace: imported OSCAL catalogs, with readiness per framework. */
export const frameworksApi = {
  list: method(FrameworkListInput, FrameworkListOutput),
  get: method(z.strictObject({ id: Id }), Framework),
  /** The NIST baselines shipped with the app, and whether each is already imported. */
  listShipped: method(z.strictObject({}), z.object({ items: z.array(ShippedFramework) })),
  importShipped: method(ImportShippedInput, ImportResult),
  /** An OSCAL catalog the user picked: its text, read by the renderer. */
  importFile: method(ImportFileInput, ImportResult),
  /** Archives (hides from the list, keeps everything) or restores a framework. */
  archive: method(FrameworkArchiveInput, Framework),
  /** Tombstones the framework and its controls. */
  delete: method(z.strictObject({ id: Id }), z.object({ id: Id })),
};
