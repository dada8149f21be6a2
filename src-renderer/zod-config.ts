/**
 * Imported first by main.tsx, before any schema is built: zod probes `new Function('')` to
 * decide whether it may compile fast parsers, and the renderer's CSP (no 'unsafe-eval')
 * reports that probe as a violation on every start even though zod catches the refusal.
 * `jitless` skips the probe and the compiled parsers; the interpreted ones are fast enough for
 * the payloads the renderer checks.
 */
import { z } from 'zod';

z.config({ jitless: true });
