// What this connection may do (issue 14): the role and name the server told it (session/role).
// A viewer's page is read-only: controls that would change something are disabled, and say why.
import { create } from 'zustand';
import type { SessionRole } from '../../protocol/people';

export const useRoleStore = create<SessionRole | { role: null; name: null; invited: false }>(() => ({
  role: null,
  name: null,
  invited: false,
}));

export const VIEWER_TITLE =
  'You are a viewer: you can look, but not change anything (ask the owner for an editor invitation)';

/** Why this page may not change anything (a control's title), or null when it may. */
export function useReadOnly(): string | null {
  return useRoleStore((s) => (s.role === 'viewer' ? VIEWER_TITLE : null));
}
