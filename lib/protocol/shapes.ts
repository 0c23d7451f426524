// Why: the shapes every lane's requests share — an instruction and a range of lines — written
// once, so a limit or a message is the same wherever it applies; each lane adds only its own
// bound (how many lines it takes) and says in its own words what an empty instruction lacks.
import { z } from 'zod';

export const MAX_INSTRUCTION_CHARS = 4000;

/** An instruction as typed so far, trimmed; it may be empty (the router previews drafts). */
export const instructionTextSchema = z
  .string()
  .trim()
  .max(MAX_INSTRUCTION_CHARS, `the instruction is longer than ${MAX_INSTRUCTION_CHARS} characters`);

/** An instruction to act on: not empty; `emptyMessage` tells the person what this lane needs. */
export function instructionSchema(emptyMessage: string) {
  return instructionTextSchema.min(1, emptyMessage);
}

/** Lines `startLine..endLine` of a file, 1-based and inclusive. */
export const lineRangeSchema = z
  .object({ startLine: z.number().int().min(1), endLine: z.number().int().min(1) })
  .refine((r) => r.endLine >= r.startLine, 'endLine must not be before startLine');
export type LineRange = z.infer<typeof lineRangeSchema>;

/** A line range a lane takes: at most `maxLines` lines, else `tooLong` (the lane's own words). */
export function boundedLineRangeSchema(maxLines: number, tooLong: string) {
  return lineRangeSchema.refine((r) => r.endLine - r.startLine < maxLines, tooLong);
}
