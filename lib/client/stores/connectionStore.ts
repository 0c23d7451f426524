// Connection to the Tandem server, as the status bar shows it.
import { create } from 'zustand';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

export const useConnectionStore = create<{ state: ConnectionState; message: string | null }>(() => ({
  state: 'connecting',
  message: null,
}));
