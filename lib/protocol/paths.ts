// Workspace paths on the wire are POSIX, relative to the workspace root, and never escape it.
import { z } from 'zod';

export const workspacePathSchema = z
  .string()
  .min(1, 'path is empty')
  .max(1024, 'path is longer than 1024 characters')
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte')
  .refine((p) => !p.startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(p), 'path must be relative to the workspace root')
  .refine((p) => !p.split(/[\\/]/).includes('..'), 'path must not contain ".."');
