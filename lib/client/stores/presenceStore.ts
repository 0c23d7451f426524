// The people in this workspace, from the awareness states (this browser included, marked self).
import { create } from 'zustand';

export type Person = { clientId: number; name: string; color: string; path: string | null; self: boolean };

export const usePresenceStore = create<{ people: Person[] }>(() => ({ people: [] }));
