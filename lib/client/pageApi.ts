// `window.tandem`: a small scripting surface of the page (always present, not only in tests):
// read the shared text of an open file as this browser sees it, and open a file.
import type { WorkspaceSession } from './workspaceSession';

export type TandemPageApi = {
  getText(path: string): string;
  openFile(path: string): Promise<void>;
};

declare global {
  interface Window {
    tandem?: TandemPageApi;
  }
}

export function installPageApi(session: WorkspaceSession): TandemPageApi {
  const api: TandemPageApi = {
    getText: (path) => session.doc(path)?.text.toString() ?? '',
    openFile: async (path) => {
      await session.open(path);
      await session.whenShown(path);
    },
  };
  window.tandem = api;
  return api;
}
