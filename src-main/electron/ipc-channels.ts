/**
 * The only IPC channels between a window and main. Two hand the window a MessagePort to the
 * core (every API call then travels on that port, not over IPC); one turns the paths of a drop
 * into one-time tokens after the user confirmed them in main (files/drop-tokens.ts).
 */
export const IpcChannel = {
  /** window → main: "give me a port to the core". No payload. */
  connectCore: 'complyflow:connect-core',
  /** main → window: carries the port in `event.ports[0]`. */
  corePort: 'complyflow:core-port',
  /** window → main (invoke): the paths of one drop; answers `{ tokens }` or `{ refused }` in words. */
  dropFiles: 'complyflow:drop-files',
} as const;
