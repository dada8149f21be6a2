/**
 * The only two IPC channels between a window and main. They exist to hand the window a
 * MessagePort to the core; every API call then travels on that port, not over IPC.
 */
export const IpcChannel = {
  /** window → main: "give me a port to the core". No payload. */
  connectCore: 'complyflow:connect-core',
  /** main → window: carries the port in `event.ports[0]`. */
  corePort: 'complyflow:core-port',
} as const;
