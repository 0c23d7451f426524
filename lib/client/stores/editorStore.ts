// What the status bar shows about the editor: cursor position and language of the active file.
import { create } from 'zustand';

export const useEditorStore = create<{ line: number; column: number; language: string }>(() => ({
  line: 1,
  column: 1,
  language: 'plaintext',
}));
