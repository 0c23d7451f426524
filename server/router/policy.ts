// The routing policy: readable rules with defaults, overridable per workspace in the `routing`
// section of `tandem.json` at the workspace root (docs/routing.md). Pure data + validation.
import { z } from 'zod';

const ruleSchema = z.object({
  /** A case-insensitive regular expression matched against the instruction. */
  pattern: z.string().min(1),
  /** Said to the person when the rule decides. */
  reason: z.string().min(1),
});
export type RoutingRule = z.infer<typeof ruleSchema>;

export const routingPolicySchema = z.strictObject({
  /** Longest selection (in lines) the fast lane takes. */
  fastMaxLines: z.number().int().min(1).max(2000),
  /** Longest instruction (in characters) the fast lane takes. */
  fastMaxInstructionChars: z.number().int().min(10).max(4000),
  /** Longest estimated time to done (seconds) of a fast edit; longer goes to the background. */
  fastMaxSeconds: z.number().min(1).max(3600),
  /** Rules that send a request to the review lane; checked first. */
  review: z.array(ruleSchema),
  /** Rules that send a request to the strong (background) lane. */
  strong: z.array(ruleSchema),
  /**
   * Rules that read a fast-lane request as a question to answer in words, checked after the others
   * (a bug hunt or a review phrased as a question stays in its lane); each reason reads before
   * "about lines 3–9".
   */
  answer: z.array(ruleSchema),
  /** Rules' decisions less sure than this (0–1) ask the fast model to classify the request. */
  classifyBelowConfidence: z.number().min(0).max(1),
  /** Longest wait (ms) for the fast model's classification; 0 never asks it. */
  classifierTimeoutMs: z.number().int().min(0).max(5000),
});
export type RoutingPolicy = z.infer<typeof routingPolicySchema>;

export const DEFAULT_POLICY: RoutingPolicy = {
  fastMaxLines: 80,
  fastMaxInstructionChars: 200,
  fastMaxSeconds: 20,
  classifyBelowConfidence: 0.6,
  classifierTimeoutMs: 300,
  review: [
    { pattern: '^\\s*(please\\s+)?(code\\s+)?review\\b', reason: 'asks for a review' },
    {
      pattern:
        '\\b(find|look for|spot|hunt for)\\s+([\\w-]+\\s+){0,2}(bugs?|issues|problems|mistakes|errors|vulnerabilit)',
      reason: 'asks to find bugs',
    },
    { pattern: '^\\s*(please\\s+)?(check|audit|inspect|critique)\\b', reason: 'asks to check the code' },
    {
      pattern: '\\b(is|are) (this|these|it) (code\\s+)?(correct|right|safe|ok|okay|thread[- ]safe)\\b',
      reason: 'asks whether the code is correct',
    },
    { pattern: "\\bwhat('s| is) wrong with\\b", reason: 'asks what is wrong' },
    {
      pattern:
        '^\\s*(?!(can|could|would|will) you\\b)(is|are|can|could|would|will|does|do|what|might|any)\\b.{0,80}' +
        '\\b(races?|racy|race conditions?|deadlocks?|deadlocking|concurrent(ly)?|at the same time|' +
        'simultaneous(ly)?|in parallel|atomic(ally)?|thread[- ]?safe)\\b',
      reason: 'asks about a race or concurrency',
    },
  ],
  strong: [
    { pattern: '\\b(run|rerun|execute)\\b.{0,20}\\btests?\\b', reason: 'needs the tests run (validation-heavy)' },
    {
      pattern: '\\bfix\\b.{0,30}\\b(failing|broken|red)\\b.{0,20}\\b(tests?|build|ci)\\b',
      reason: 'fix a failing test: needs running and checking',
    },
    {
      pattern: '\\b(all|every|each)\\s+(the\\s+)?(files?|modules?|components?|callers?|call sites?|usages?|places)\\b',
      reason: 'touches many files',
    },
    {
      pattern: '\\b(across|throughout)\\s+(the\\s+)?(codebase|project|repo(sitory)?|workspace|app)\\b',
      reason: 'touches the whole codebase',
    },
    { pattern: '\\b(codebase|project)[- ]wide\\b', reason: 'touches the whole codebase' },
    {
      pattern: '\\b(migrat(e|ion)|upgrade|port)\\b.{0,40}\\b(to|from|version|v\\d)',
      reason: 'a migration is long, multi-file work',
    },
    {
      pattern: '\\b(architecture|architectural|re-?architect|redesign|restructure)\\b',
      reason: 'architectural change',
    },
    {
      pattern: '\\brefactor\\b.{0,30}\\b(module|package|project|codebase|app|system|whole|entire)\\b',
      reason: 'a large refactor',
    },
    {
      pattern:
        '\\b(implement|build|add)\\b.{0,30}' +
        '\\b(feature|endpoint|api|service|subsystem|integration|authentication|auth|login|caching layer)\\b',
      reason: 'a new feature spans several files',
    },
    {
      pattern:
        '\\b(security|secure|sanitize|sanitise|xss|csrf|sql injection|injection|vulnerab|auth(entication|orization)?|' +
        'permissions?|secrets?|credentials?|api[- ]?keys?|encrypt)',
      reason: 'security-sensitive: worth a careful, validated run',
    },
    {
      pattern: '\\b(write|add|create)\\b.{0,20}\\b(tests|test suite|unit tests|integration tests)\\b',
      reason: 'writing tests means running them',
    },
    {
      pattern: '\\bmulti[- ]file\\b|\\bseveral files\\b|\\bmultiple files\\b|\\bother files\\b',
      reason: 'multi-file change',
    },
    {
      pattern: '\\b(rename|move)\\b.{0,40}\\b(everywhere|across|in all|in every|project[- ]wide)\\b',
      reason: 'a rename across files',
    },
    {
      pattern:
        '\\b(refactor|restructure|reorgani[sz]e|split|merge|consolidate|unify|deduplicate|dedupe)\\b.{0,60}' +
        '\\b(modules|packages|services|layers|files|components)\\b',
      reason: 'a refactor across modules',
    },
    {
      pattern:
        '\\b(extract|move|pull|split|break)\\b.{0,40}\\binto\\b.{0,40}' +
        '\\b(modules?|packages?|services?|files?|folders?)\\b',
      reason: 'moves code into other modules',
    },
    {
      pattern:
        '^\\s*(why|how come)\\b.{0,80}\\b(crash\\w*|fail\\w*|hang\\w*|freez\\w*|throw\\w*|break\\w*|errors?|' +
        'panic\\w*|undefined|null|NaN|wrong|off by|leak\\w*|slow|negative|drift\\w*|flak\\w*)',
      reason: 'a bug hunt: reproduce it and trace it through the code',
    },
    {
      pattern:
        '\\b(track|hunt|chase|run)\\s+down\\b|\\b(figure|find|work)\\s+out\\s+(why|what)\\b|\\broot[- ]?cause\\b|' +
        '\\b(debug|diagnose|investigate|bisect)\\s+(why|what|how|where|the|this|that|a|an|it)\\b|' +
        '\\b(find|locate)\\s+(the|what)\\s+(cause|source)\\b',
      reason: 'a bug hunt: reproduce it and trace it through the code',
    },
    {
      pattern:
        '\\b(race conditions?|data races?|racy|races? between|(the|a|this|that) race|deadlock\\w*|' +
        'thread[- ]?safe\\w*|mutex\\w*|semaphores?|concurrency)\\b',
      reason: 'concurrency is subtle and easy to get wrong',
    },
  ],
  answer: [
    {
      pattern:
        '^\\s*(please\\s+)?((can|could|would|will) you\\s+(please\\s+)?)?' +
        '(explain|describe|summari[sz]e|clarify|walk (me\\s+)?through|tell me|help me understand|' +
        'show me (how|why|what|where))\\b',
      reason: 'an explanation asked',
    },
    {
      pattern:
        "^\\s*(please\\s+)?(?!how\\s+about\\b|why\\s+(not|don'?t\\s+(we|you))\\b)" +
        '(what|why|how|when|where|which|who|whose)\\b',
      reason: 'a question',
    },
    {
      pattern:
        '^\\s*(?!(can|could|would|will)\\s+(you|we)\\b)' +
        '(is|are|was|were|does|do|did|should|could|can|would|will|has|have|' +
        "isn't|aren't|doesn't|don't|didn't|shouldn't|won't|wouldn't)\\b.*\\?\\s*$",
      reason: 'a yes/no question',
    },
  ],
};

type CompiledRules = { review: RegExp[]; strong: RegExp[]; answer: RegExp[] };

const compiled = new WeakMap<RoutingPolicy, CompiledRules>();
const resolved = new WeakMap<object, RoutingPolicy>();

function compileRule(rule: RoutingRule): RegExp {
  try {
    return new RegExp(rule.pattern, 'i');
  } catch (err) {
    throw new Error(`tandem.json routing: bad pattern ${JSON.stringify(rule.pattern)}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** The policy's rules as case-insensitive regular expressions, compiled once per policy object. */
export function compiledRules(policy: RoutingPolicy): CompiledRules {
  let rules = compiled.get(policy);
  if (!rules) {
    rules = {
      review: policy.review.map(compileRule),
      strong: policy.strong.map(compileRule),
      answer: policy.answer.map(compileRule),
    };
    compiled.set(policy, rules);
  }
  return rules;
}

/**
 * The policy for a workspace: defaults, with the workspace's `routing` section laid over them.
 * Routing runs as the person types; the workspace config keeps one object while its file is
 * unchanged, so the resolved (and compiled) policy is kept per section object.
 */
export function resolvePolicy(fromWorkspace: unknown): RoutingPolicy {
  if (fromWorkspace === undefined || fromWorkspace === null) return DEFAULT_POLICY;
  const cached = typeof fromWorkspace === 'object' ? resolved.get(fromWorkspace) : undefined;
  if (cached) return cached;
  const partial = routingPolicySchema.partial().safeParse(fromWorkspace);
  if (!partial.success) {
    const issue = partial.error.issues[0];
    throw new Error(`tandem.json routing.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const policy = { ...DEFAULT_POLICY, ...partial.data };
  compiledRules(policy); // throws on a bad pattern
  if (typeof fromWorkspace === 'object') resolved.set(fromWorkspace, policy);
  return policy;
}
