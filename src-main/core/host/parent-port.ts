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

/** A file hand-off the core asks main to do with Electron's dialog and shell (core/files/desktop-shell.ts). */
export type ShellRequest =
  | { type: 'shell-request'; requestId: string; action: 'open'; path: string }
  | { type: 'shell-request'; requestId: string; action: 'save-copy'; path: string; suggestedName: string }
  | { type: 'shell-request'; requestId: string; action: 'show'; path: string }
  | { type: 'shell-request'; requestId: string; action: 'choose-file' }
  | { type: 'shell-request'; requestId: string; action: 'redeem-drop'; token: string };

/**
 * Main's answer: the saved path for save-copy, the chosen one for choose-file (null when
 * cancelled), the dropped file's for redeem-drop, or why it failed.
 */
export type ShellReply =
  | { type: 'shell-reply'; requestId: string; ok: true; path: string | null }
  | { type: 'shell-reply'; requestId: string; ok: false; message: string };

/** What main sends the core process. */
export type ParentMessage =
  | { type: 'connect'; windowId: number }
  | { type: 'shutdown' }
  | ShellReply
  | { type: 'secrets-result'; id: number; ok: true; value: unknown }
  | { type: 'secrets-result'; id: number; ok: false; message: string };

/** What the core process tells main. */
export type CoreProcessMessage =
  { type: 'ready' } | { type: 'fatal'; message: string } | ShellRequest | { type: 'secrets'; id: number; request: SecretRequest };
