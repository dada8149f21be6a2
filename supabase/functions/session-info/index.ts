// GET or POST /functions/v1/session-info, signed (complyflow-request-v1): the signed-in user, the
// device that signed, and their organizations and roles, as the server sees them. Lets the app
// (and an operator) check that a deployed project's auth, database, devices and functions fit together.
import { serveSigned } from '../_shared/guard.ts';
import { sessionInfo } from './handler.ts';

Deno.serve(serveSigned(sessionInfo));
