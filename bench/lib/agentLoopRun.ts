// Why: issue 11's agent comparison needs the strong lane's transport alone in the figure: the
// agent loop (runAgentLoop, real tools on a fresh temp workspace) driven in the bench process
// against the bench's simulator over real HTTP or WebSocket, so each arm's provider can say how
// many bytes it sent and the simulator's records say what each turn cost it to prefill. An arm may
// set the lane's parallelToolCalls: false, so the simulated agent makes one tool call per turn.
import fs from 'node:fs';
import path from 'node:path';
import { runAgentLoop } from '../../server/agents/agentLoop';
import { buildRunMessages } from '../../server/agents/prompt';
import { loadModelsConfig } from '../../server/models/config';
import { createProvider } from '../../server/models/provider';
import type { SimServer } from '../../server/models/sim/server';
import { SIM_STRONG_MODEL } from '../../server/models/sim/settings';
import { tempDir } from '../../server/testing/fixtures';
import { codeLines } from './workload';

/** Files that use the renamed name: the simulated agent searches once, reads each, patches them all. */
export const AGENT_FILES = 18;
export const AGENT_TASK = 'rename scaleFactor to scaleRatio across all files';

export type AgentArm = {
  api: 'chat' | 'responses';
  transport: 'http' | 'websocket';
  /** The strong lane's parallelToolCalls (false: one tool call per model turn); absent: not sent. */
  parallelToolCalls?: boolean;
};
/** What one model turn cost, from the simulator's record of its request. */
export type AgentTurn = { bytesIn: number; prefillTokens: number };
export type AgentSample = {
  ms: number;
  turns: number;
  toolCalls: number;
  bytesSent: number;
  prefillTokens: number;
  cachedTokens: number;
  perTurn: AgentTurn[];
};

function workspace(): string {
  const root = tempDir('bench-agent');
  for (let i = 0; i < AGENT_FILES; i++) {
    const file = path.join(root, `src/module${i}.ts`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const body = codeLines(30).join('\n');
    fs.writeFileSync(
      file,
      `import { scaleFactor } from '../shared';\n\n${body}\nexport const scaled${i} = scaleFactor * ${i};\n`,
    );
  }
  return root;
}

/** One background run of AGENT_TASK on a fresh workspace over `arm`; throws unless it finished. */
export async function agentRun(sim: SimServer, arm: AgentArm): Promise<AgentSample> {
  const root = workspace();
  const env = {
    TANDEM_STRONG_BASE_URL: sim.baseUrl,
    TANDEM_STRONG_MODEL: SIM_STRONG_MODEL,
    TANDEM_STRONG_API: arm.api,
    TANDEM_STRONG_TRANSPORT: arm.transport,
    ...(arm.parallelToolCalls !== undefined
      ? { TANDEM_STRONG_PARALLEL_TOOL_CALLS: String(arm.parallelToolCalls) }
      : {}),
  };
  const provider = createProvider(loadModelsConfig(env, root).strong);
  const first = sim.requests.length ? sim.requests.at(-1)!.id : 0;
  try {
    await provider.prewarm();
    const t0 = performance.now();
    const outcome = await runAgentLoop({
      provider,
      messages: buildRunMessages({
        instruction: AGENT_TASK,
        files: [],
        selection: null,
        validation: { command: null, source: 'none' },
        context: null,
        maxSteps: 30,
      }),
      root,
      maxSteps: 30,
      maxTokens: 1_000_000,
      signal: new AbortController().signal,
      exec: () => Promise.reject(new Error('the bench run has no commands')),
      evidence: () => undefined,
      progress: () => undefined,
    });
    const ms = performance.now() - t0;
    if (outcome.kind !== 'finished') throw new Error(`the agent run ended ${outcome.kind}: ${JSON.stringify(outcome)}`);
    const records = sim.requests.filter((r) => r.id > first && r.model === SIM_STRONG_MODEL);
    return {
      ms,
      turns: outcome.timings.steps,
      toolCalls: outcome.timings.toolCalls,
      bytesSent: provider.bytesSent(),
      prefillTokens: records.reduce((n, r) => n + r.prefillTokens, 0),
      cachedTokens: records.reduce((n, r) => n + r.cachedTokens, 0),
      perTurn: records.map((r) => ({ bytesIn: r.bytesIn, prefillTokens: r.prefillTokens })),
    };
  } finally {
    await provider.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
