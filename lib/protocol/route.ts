// The router's question and answer, the same over HTTP (POST /api/route) and Socket.IO
// (`route/preview`, what the instruction box asks while the person types; `instruction/submit`).
import { z } from 'zod';
import { instructionTextSchema, lineRangeSchema } from './shapes';

export const routeQuerySchema = z.object({
  instruction: instructionTextSchema,
  path: z.string().max(1024).nullish(),
  selection: lineRangeSchema.nullish(),
});
export type RouteQuery = z.infer<typeof routeQuerySchema>;

export const LANES = ['fast', 'strong', 'review'] as const;
export type Lane = (typeof LANES)[number];
/** The lanes with a model of their own (the review lane asks the strong lane's model). */
export const MODEL_LANES = ['fast', 'strong'] as const satisfies readonly Lane[];
export type ModelLane = (typeof MODEL_LANES)[number];

/** How long a fast edit of the selection would take at the fast model's current speed. */
export const routeEstimateSchema = z.object({
  /** Time to done: first token + tokens ÷ tokens/s. */
  seconds: z.number().min(0),
  /** Output tokens expected: the selection's characters / 4 (a rewrite mostly repeats its range). */
  tokens: z.number().int().min(0),
  tokensPerSec: z.number().positive(),
  ttftMs: z.number().min(0),
  /** False: no fast turn was measured yet, so the speed is an assumed default. */
  measured: z.boolean(),
});
export type RouteEstimate = z.infer<typeof routeEstimateSchema>;

export const routeAnswerSchema = z.object({
  lane: z.enum(LANES),
  reason: z.string(),
  confidence: z.number().min(0).max(1),
  /** The instruction without an override prefix. */
  instruction: z.string(),
  /** Set when the person chose the lane explicitly. */
  override: z.boolean(),
  /** Set when the decision weighed the fast lane's estimated time to done. */
  estimate: routeEstimateSchema.optional(),
});
export type RouteAnswer = z.infer<typeof routeAnswerSchema>;
