// GET or POST /functions/v1/session-info: the signed-in user and their organizations and roles,
// as the server sees them. Lets the app (and an operator) check that a deployed project's
// auth, database and functions fit together.
import { handle } from './handler.ts';

Deno.serve((req) => handle(req));
