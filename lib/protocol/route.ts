// The router's question and answer, the same over HTTP (POST /api/route) and Socket.IO
// (`route/preview`, what the instruction box asks while the person types).
import { z } from 'zod';

export const routeQuerySchema = z.object({
  instruction: z.string().max(4000),
  path: z.string().max(1024).nullish(),
  selection: z
    .object({ startLine: z.number().int().min(1), endLine: z.number().int().min(1) })
    .refine((s) => s.endLine >= s.startLine, 'selection.endLine must not be before startLine')
    .nullish(),
});
export type RouteQuery = z.infer<typeof routeQuerySchema>;

export const LANES = ['fast', 'strong', 'review'] as const;
export type Lane = (typeof LANES)[number];

export type RouteAnswer = { lane: Lane; reason: string; confidence: number; instruction: string; override: boolean };
