// Presence: one y-protocols awareness per workspace; each client's state names the person, the
// file they look at and their selections (as Yjs relative positions, so they survive edits).
import { z } from 'zod';
import { bytesSchema } from './bytes';

export const awarenessUpdateSchema = z.object({ data: bytesSchema });

const relPos = z.unknown();

export const cursorSchema = z.object({
  anchor: relPos,
  head: relPos,
});

export const presenceStateSchema = z.object({
  user: z.object({
    name: z.string().max(64),
    color: z.string().max(32),
  }),
  path: z.string().nullable().optional(),
  cursors: z.array(cursorSchema).max(64).optional(),
});
export type PresenceState = z.infer<typeof presenceStateSchema>;
