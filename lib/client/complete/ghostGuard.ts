// Autocomplete stays out of the way of the fast lane: no suggestion in a file while a ghost edit
// (anyone's, still unresolved) is on it. Reads the ghost store; changes nothing.
import { isResolved } from '../../protocol';
import { useGhostStore } from '../stores/ghostStore';

export function ghostEditOn(path: string): boolean {
  return Object.values(useGhostStore.getState().ghosts).some(
    (g) => g.path === path && g.intent !== 'answer' && !isResolved(g.state),
  );
}
