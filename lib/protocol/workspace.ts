// The workspace as a client sees it: a flat list of files (the tree is built client-side).
import { z } from 'zod';

export const fileEntrySchema = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
});
export type FileEntry = z.infer<typeof fileEntrySchema>;

export const workspaceInfoSchema = z.object({
  name: z.string(),
  root: z.string(),
  files: z.array(fileEntrySchema),
  truncated: z.boolean(),
});
export type WorkspaceInfo = z.infer<typeof workspaceInfoSchema>;

export const MAX_TREE_FILES = 5000;
