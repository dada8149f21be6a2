/**
 * The shapes of Electron's utility-process messaging this host relies on, written out here
 * because src-main/core never imports electron. They match `process.parentPort` and
 * `MessagePortMain` in Electron's own typings (electron.d.ts: ParentPort, MessagePortMain).
 */
export interface PortMessageEvent {
  data: unknown;
  ports: CorePort[];
}

/** Electron's MessagePortMain, as far as the core uses it. */
export interface CorePort {
  on(event: 'message', listener: (event: PortMessageEvent) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/** Electron's `process.parentPort` inside a utility process. */
export interface ParentPort {
  on(event: 'message', listener: (event: PortMessageEvent) => void): unknown;
  postMessage(message: unknown): void;
}

/** A SecretStore operation the core asks main to carry out (main has safeStorage; the core does not). */
export type SecretRequest =
  | { op: 'status' }
  | { op: 'acceptRisk'; accepted: boolean }
  | { op: 'get'; key: string }
  | { op: 'set'; key: string; value: string }
  | { op: 'remove'; key: string };

/** What main sends the core process. */
export type ParentMessage =
  | { type: 'connect'; windowId: number }
  | { type: 'shutdown' }
  | { type: 'secrets-result'; id: number; ok: true; value: unknown }
  | { type: 'secrets-result'; id: number; ok: false; message: string };

/** What the core process tells main. */
export type CoreProcessMessage =
  { type: 'ready' } | { type: 'fatal'; message: string } | { type: 'secrets'; id: number; request: SecretRequest };
