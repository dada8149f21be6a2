import type { ApiErrorShape } from './errors';

/** What every API call answers, on every transport (MessagePort, WebSocket). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };
