// Collaborative documents: one Y.Text per file, synced with y-protocols sync messages.
import { z } from 'zod';
import { bytesSchema } from './bytes';
import { workspacePathSchema } from './paths';

/** Files larger than this are not opened in the editor (they would make every client slow). */
export const MAX_DOC_BYTES = 2 * 1024 * 1024;

/** `create`: make the file (empty) when it does not exist — applying a run that adds it. */
export const docOpenSchema = z.object({ path: workspacePathSchema, create: z.boolean().optional() });
export type DocOpen = z.infer<typeof docOpenSchema>;

export const eolSchema = z.enum(['lf', 'crlf']);
export type Eol = z.infer<typeof eolSchema>;

export const saveStateSchema = z.enum(['saved', 'dirty', 'saving', 'error']);
export type SaveState = z.infer<typeof saveStateSchema>;

export const docStatusSchema = z.object({
  path: z.string(),
  state: saveStateSchema,
  message: z.string().optional(),
});
export type DocStatus = z.infer<typeof docStatusSchema>;

/** `generation`: the document's current generation (see doc/generation); sync messages carry it. */
export type DocOpenReply = { path: string; eol: Eol; status: DocStatus; generation: number };

/**
 * A y-protocols sync message (step 1, step 2 or update) for one document, made in `generation`
 * (absent: 0). One made in an older generation is refused (`old_generation`) and changes nothing.
 */
export const docSyncSchema = z.object({
  path: workspacePathSchema,
  data: bytesSchema,
  generation: z.number().int().nonnegative().optional(),
});
export type DocSyncIn = z.input<typeof docSyncSchema>;
/** From the server: an update, as base64 text (one websocket frame) or binary. */
export type DocSync = { path: string; data: Uint8Array | string };

/**
 * The server started the document over (same text, a fresh Y.Doc without the deleted-text records):
 * `state` is the new generation's whole state; `previous` the old generation's state vector as the
 * server had it, so a client can tell which of its own edits it had not seen (rebased as text).
 */
export type DocGeneration = { path: string; generation: number; state: Uint8Array; previous: Uint8Array };
/** The server answers a sync message with zero or more sync messages of its own (step 2, step 1). */
export type DocSyncReply = { replies: Uint8Array[] };

export const docSaveSchema = z.object({ path: workspacePathSchema });
export const docCloseSchema = z.object({ path: workspacePathSchema });

/**
 * Deletes a file. With `expectedText` (applying a run that deletes it) only if its text — the
 * live shared document when it is open, else the disk — is still that, so nobody's later edit is
 * lost; without it (the file tree's Delete) only if nobody has unsaved edits in it.
 */
export const docDeleteSchema = z.object({
  path: workspacePathSchema,
  expectedText: z.string().max(MAX_DOC_BYTES).optional(),
});
export type DocDelete = z.infer<typeof docDeleteSchema>;

/** Sent when a file changed on disk while it was open and the document could not follow it. */
export type DocNotice = { path: string; level: 'info' | 'warning'; message: string };
