/**
 * The wire format shared by every transport (Electron MessagePort, browser-host WebSocket).
 * A request names its method by namespace and method; the router checks both against the
 * API map before anything else happens.
 */
import { z } from 'zod';
import type { Result } from './result';

export const CallMessage = z.strictObject({
  kind: z.literal('call'),
  id: z.int().min(0),
  ns: z.string().max(64),
  method: z.string().max(64),
  input: z.unknown(),
});
export type CallMessage = z.infer<typeof CallMessage>;

export interface ResultMessage {
  kind: 'result';
  id: number;
  result: Result<unknown>;
}

export interface EventMessage {
  kind: 'event';
  name: string;
  payload: unknown;
}

export type CoreMessage = ResultMessage | EventMessage;
