import { z } from 'zod';
import { OrgProfile, OrgProfileUpdateInput } from '../domain/org-profile';
import { method } from './define';

export const orgProfileApi = {
  /** The open organization's profile (needs a connection; null in the local workspace). */
  get: method(z.strictObject({}), OrgProfile.nullable()),
  /** Owners and admins set the whole profile; answers it as saved by the server. */
  update: method(OrgProfileUpdateInput, OrgProfile),
};
