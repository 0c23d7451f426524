// What the status bar shows about the editor: cursor position and language of the active file, and
// whether the TypeScript service (diagnostics, hovers, quick fixes) is waiting, starting or ready.
import { create } from 'zustand';
import type { LanguageServiceState } from '../languageServiceGate';

export const useEditorStore = create<{
  line: number;
  column: number;
  language: string;
  languageService: LanguageServiceState;
}>(() => ({
  line: 1,
  column: 1,
  language: 'plaintext',
  languageService: 'idle',
}));
