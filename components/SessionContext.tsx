'use client';
// Gives components the page's WorkspaceSession (created once per tab by the Workbench).
import { createContext, useContext } from 'react';
import type { WorkspaceSession } from '../lib/client/workspaceSession';

export const SessionContext = createContext<WorkspaceSession | null>(null);

export function useSession(): WorkspaceSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the Workbench');
  return session;
}
