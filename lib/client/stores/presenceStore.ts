// The people in this workspace, from the awareness states (this browser included, marked self).
// Awareness changes on every keystroke (the cursor moves) while the people rarely do: the list is
// replaced only when someone came, left, renamed or changed file, so a keystroke re-renders nothing.
import { create } from 'zustand';

export type Person = { clientId: number; name: string; color: string; path: string | null; self: boolean };

export const usePresenceStore = create<{ people: Person[] }>(() => ({ people: [] }));

const samePerson = (a: Person, b: Person) =>
  a.clientId === b.clientId && a.name === b.name && a.color === b.color && a.path === b.path && a.self === b.self;

/** True when two lists name the same people, in the same order, with the same details. */
export function samePeople(a: readonly Person[], b: readonly Person[]): boolean {
  return a.length === b.length && a.every((p, i) => samePerson(p, b[i]!));
}

/** Puts `people` in the store unless it already holds the same list. */
export function showPeople(people: Person[]): void {
  if (!samePeople(usePresenceStore.getState().people, people)) usePresenceStore.setState({ people });
}
