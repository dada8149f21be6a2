// POST /functions/v1/ai-gap-analysis, signed (complyflow-request-v1): a policy against a
// framework's controls through OpenAI structured output. See handler.ts.
import { serveSigned } from '../_shared/guard.ts';
import { gapAnalysis } from './handler.ts';

Deno.serve(serveSigned((req, caller) => gapAnalysis(req, caller)));
