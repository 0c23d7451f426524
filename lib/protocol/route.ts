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
/** What the fast lane does with a request: rewrite the range, or answer a question about it in words. */
export const FAST_INTENTS = ['edit', 'answer'] as const;
export type FastIntent = (typeof FAST_INTENTS)[number];

/** What the fast model answers when the rules are unsure (server/models/formats/classifyRequest.ts). */
export const CLASSIFIER_VERDICTS = ['fast-edit', 'fast-answer', 'strong', 'review'] as const;
export type ClassifierVerdict = (typeof CLASSIFIER_VERDICTS)[number];

/** How the fast model's classification went: its verdict, or why the rules decided alone. */
export const routeClassifierSchema = z.union([
  /** `ms`: how long the model took; `cached`: the verdict was kept from an earlier ask. */
  z.object({ verdict: z.enum(CLASSIFIER_VERDICTS), ms: z.number().min(0), cached: z.boolean() }),
  /** No verdict within `routing.classifierTimeoutMs`: the rules decided. */
  z.object({ timedOut: z.literal(true), ms: z.number().min(0) }),
  /** The model failed or answered something unreadable: the rules decided. */
  z.object({ failed: z.string(), ms: z.number().min(0) }),
]);
export type RouteClassifier = z.infer<typeof routeClassifierSchema>;

/** How long a fast edit of the selection (or an answer) would take at the fast model's current speed. */
export const routeEstimateSchema = z.object({
  /** Time to done: first token + tokens ÷ tokens/s. */
  seconds: z.number().min(0),
  /** Output tokens expected: an edit, the selection's characters / 4 (a rewrite repeats its range); an answer, 200. */
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
  /** The fast lane only: rewrite the range (`edit`) or answer a question about it in words (`answer`). */
  intent: z.enum(FAST_INTENTS).optional(),
  /** Set when the rules were unsure and asked the fast model to classify the request. */
  classifier: routeClassifierSchema.optional(),
});
export type RouteAnswer = z.infer<typeof routeAnswerSchema>;
