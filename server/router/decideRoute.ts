// Routes a request with the workspace's current policy (tandem.json `routing` over the defaults),
// the lanes' state right now and the size of the selection (from the open document, else the file). Why a factory:
// the gateway's submit and preview and POST /api/route all decide the same way, with the same state.
// When the rules only guess (a confidence under `classifyBelowConfidence`), it asks the fast model
// (`classify`, classifier.ts) for at most `classifierTimeoutMs` and routes again with its answer;
// it counts who decided, for the figures.
import { ProtocolFailure } from '../../lib/protocol';
import type { RouteAnswer, RouteClassifier, RouteQuery } from '../../lib/protocol/route';
import type { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { selectionChars } from './estimate';
import type { LaneSnapshot } from './laneState';
import { resolvePolicy } from './policy';
import { route, unsure } from './route';

export type RouteDecider = (query: RouteQuery) => Promise<RouteAnswer>;

/** Decisions so far: by the rules alone, by the fast model's verdict, or by the rules after the model gave none. */
export type DecisionCounts = { rules: number; classifier: number; classifierGaveNone: number };

export function routeDecider(deps: {
  config: WorkspaceConfigFile;
  lanes: () => LaneSnapshot;
  /** The file's text, or null when it cannot be read (the decision then has no time estimate). */
  textOf: (path: string) => Promise<string | null>;
  /** The fast model's classification of an instruction, after at most `timeoutMs` (Classifier.classify). */
  classify?: (instruction: string, timeoutMs: number) => Promise<RouteClassifier>;
  /** Told who decided each request, and how long the classifier took when it was asked (for /metrics). */
  decided?: (by: keyof DecisionCounts, classifierMs?: number) => void;
}): RouteDecider & { counts(): DecisionCounts } {
  const counts: DecisionCounts = { rules: 0, classifier: 0, classifierGaveNone: 0 };
  const decide = async (query: RouteQuery) => {
    let policy;
    try {
      policy = resolvePolicy(deps.config.read().routing);
    } catch (err) {
      throw new ProtocolFailure('unavailable', (err as Error).message);
    }
    const text = query.path && query.selection ? await deps.textOf(query.path) : null;
    const chars = text !== null && query.selection ? selectionChars(text, query.selection) : null;
    const input = { ...query, selectionChars: chars };
    const lanes = deps.lanes();
    const ruled = route(input, policy, lanes);
    if (!deps.classify || policy.classifierTimeoutMs === 0 || !unsure(ruled, policy)) {
      counts.rules++;
      deps.decided?.('rules');
      return ruled;
    }
    const classified = await deps.classify(ruled.instruction, policy.classifierTimeoutMs);
    const by = 'verdict' in classified ? 'classifier' : 'classifierGaveNone';
    counts[by]++;
    deps.decided?.(by, classified.ms);
    return route(input, policy, lanes, classified);
  };
  return Object.assign(decide, { counts: () => ({ ...counts }) });
}
