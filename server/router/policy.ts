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
  /** Rules that send a request to the review lane; checked first. */
  review: z.array(ruleSchema),
  /** Rules that send a request to the strong (background) lane. */
  strong: z.array(ruleSchema),
});
export type RoutingPolicy = z.infer<typeof routingPolicySchema>;

export const DEFAULT_POLICY: RoutingPolicy = {
  fastMaxLines: 80,
  fastMaxInstructionChars: 200,
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
  ],
};

type CompiledRules = { review: RegExp[]; strong: RegExp[] };

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
    rules = { review: policy.review.map(compileRule), strong: policy.strong.map(compileRule) };
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
