// The review lane on the wire: read a file (or a range of it) and report findings — never a diff.
import { z } from 'zod';
import { lineRangeSchema } from './fast';
import type { ModelInfo } from './fast';
import { workspacePathSchema } from './paths';

export const reviewStartSchema = z.object({
  path: workspacePathSchema,
  range: lineRangeSchema.optional(),
  instruction: z.string().trim().min(1, 'say what to look for').max(4000),
});

export const severitySchema = z.enum(['info', 'warning', 'error']);

export const findingSchema = z.object({
  path: z.string(),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  severity: severitySchema,
  message: z.string().min(1).max(2000),
});
export type Finding = z.infer<typeof findingSchema> & { id: string };

export type ReviewResult = {
  reviewId: string;
  path: string;
  by: string;
  instruction: string;
  lane: 'review';
  reason: string;
  model: ModelInfo;
  findings: Finding[];
  durationMs: number;
};
