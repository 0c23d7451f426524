// The router's question and answer, the same over HTTP (POST /api/route) and Socket.IO
// (`route/preview`, what the instruction box asks while the person types).
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

export type RouteAnswer = {
  lane: Lane;
  reason: string;
  confidence: number;
  /** The instruction without an override prefix. */
  instruction: string;
  /** Set when the person chose the lane explicitly. */
  override: boolean;
};
