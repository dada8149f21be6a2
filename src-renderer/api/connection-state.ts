/** Whether the window is connected to the core, for the banner that says so (browser host only). */
import { create } from 'zustand';

export interface ConnectionState {
  state: 'connected' | 'reconnecting';
  /** Reconnection attempts since the connection dropped. */
  attempt: number;
  retryInMs: number;
}

export const useConnection = create<ConnectionState>(() => ({ state: 'connected', attempt: 0, retryInMs: 0 }));

export const setConnectionState = (state: ConnectionState) => useConnection.setState(state);
