import { z } from 'zod';
import { Id } from '../domain/common';
import {
  ControlSearchInput,
  LinkedControl,
  Policy,
  PolicyApproveInput,
  PolicyControlInput,
  PolicyControlLink,
  PolicyCreateInput,
  PolicyDiff,
  PolicyDiffInput,
  PolicyListInput,
  PolicyListOutput,
  PolicyRef,
  PolicyRevision,
  PolicyRevisionsInput,
  PolicyRevisionsOutput,
  PolicyUpdateInput,
} from '../domain/policy';
import { method } from './define';

export const policiesApi = {
  list: method(PolicyListInput, PolicyListOutput),
  get: method(z.strictObject({ id: Id }), Policy),
  create: method(PolicyCreateInput, Policy),
  /**
   * Edits text and metadata; every change of title or body records a revision. A `minor` fix of a
   * policy in review, approved or published keeps the title and changes at most 200 characters of
   * the body, else INVALID_INPUT. A save that changes nothing writes nothing.
   */
  update: method(PolicyUpdateInput, Policy),
  delete: method(z.strictObject({ id: Id }), z.object({ id: Id })),
  /** Undo of delete: clears the tombstone. */
  restore: method(z.strictObject({ id: Id }), Policy),

  // Workflow: draft → in_review → approved → published; a wrong step is CONFLICT.
  submitForReview: method(z.strictObject({ id: Id }), Policy),
  /**
   * Records who approved and their comment (also on the current revision). Approve and publish
   * set a missing or past next review date to one year after that day; a future date is kept
   * (src-shared/domain/review-date.ts).
   */
  approve: method(PolicyApproveInput, Policy),
  publish: method(z.strictObject({ id: Id }), Policy),
  returnToDraft: method(z.strictObject({ id: Id }), Policy),

  /** Revisions, newest first, without bodies. */
  revisions: method(PolicyRevisionsInput, PolicyRevisionsOutput),
  revision: method(z.strictObject({ id: Id }), PolicyRevision),
  /** The revision in force, or null before the first publish. */
  publishedRevision: method(PolicyRef, PolicyRevision.nullable()),
  diff: method(PolicyDiffInput, PolicyDiff),

  linkControl: method(PolicyControlInput, PolicyControlLink),
  unlinkControl: method(PolicyControlInput, PolicyControlLink),
  linkedControls: method(PolicyRef, z.array(LinkedControl)),
  /** Controls to link, found by label, title or text (controls_fts). */
  searchControls: method(ControlSearchInput, z.array(LinkedControl)),
};
