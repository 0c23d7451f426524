// Integration: approvals for agent commands in whole runs — the simulated strong model over real
// HTTP runs the validation command with run_command; tandem.json makes that command ask; people
// answer over real Socket.IO clients (RunsClient), or nobody does.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvidenceEvent } from '../../lib/protocol';
import { RunsClient } from '../../lib/client/runsClient';
import { RequestError } from '../../lib/client/socket';
import { makeWorkspace, waitFor } from '../testing/fixtures';
import { connectAs, createInvite } from '../testing/people';
import { quietRuns, runFinished, runHarness } from '../testing/runHarness';
import type { RunSettings } from './settings';

const h = runHarness();
const COMMAND = 'node src/sum.js';

type Approval = Extract<EvidenceEvent, { kind: 'approval' }>;

function workspace(approvals: unknown): string {
  const dir = makeWorkspace({
    'src/sum.js': 'let total = 0;\nfor (const x of [1, 2]) total += x;\nconsole.log(total);\n',
  });
  fs.writeFileSync(path.join(dir, 'tandem.json'), JSON.stringify({ validation: COMMAND, approvals }));
  return dir;
}

async function setup(approvals: unknown, runs: Partial<RunSettings> = {}) {
  const s = await h.server({ workspace: workspace(approvals) }, runs);
  const ada = await h.client(s.url, 'Ada');
  const bo = await h.client(s.url, 'Bo');
  const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', path: 'src/sum.js' });
  await ada.watch(run.id);
  await bo.watch(run.id);
  return { s, ada, bo, run };
}

/** A viewer's connection (an invitation), over a real socket. */
async function viewer(url: string): Promise<RunsClient> {
  const invite = await createInvite(url, 'viewer', 'Vic');
  const c = new RunsClient(h.track((await connectAs(url, invite.token)).socket), quietRuns);
  await c.refresh();
  return c;
}

const approvals = (events: EvidenceEvent[]) => events.filter((e): e is Approval => e.kind === 'approval');
const asked = (events: EvidenceEvent[]) => approvals(events).find((e) => e.phase === 'started');
const message = (events: EvidenceEvent[]) =>
  events.filter((e) => e.kind === 'message').map((e) => ('text' in e ? e.text : ''));

describe('approvals for agent commands', () => {
  it('pauses an ask command until a person allows it over the socket; the run then finishes', async () => {
    const { s, ada, bo, run } = await setup({ ask: ['node'] });
    await waitFor(() => asked(bo.evidence(run.id)) !== undefined, 20_000, 'the approval request');
    const request = asked(bo.evidence(run.id))!;
    expect(request).toMatchObject({
      command: COMMAND,
      by: 'Ada',
      rule: 'tandem.json approvals.ask "node"',
      outcome: null,
      decidedBy: null,
    });
    // Waiting: the command has not run, and the run says what it waits for.
    expect(bo.evidence(run.id).some((e) => e.kind === 'command')).toBe(false);
    await waitFor(() => /waiting for approval/.test(ada.run(run.id)?.progress.last ?? ''), 10_000, 'progress');
    expect(bo.run(run.id)?.status).toBe('running');

    // A viewer may look but not decide: refused, and the command still waits.
    const vic = await viewer(s.url);
    await expect(vic.approve(run.id, request.itemId, 'allow')).rejects.toMatchObject({ code: 'forbidden' });
    expect(bo.evidence(run.id).some((e) => e.kind === 'command')).toBe(false);

    await bo.approve(run.id, request.itemId, 'allow');
    await runFinished(ada, run.id, 30_000);
    const events = ada.evidence(run.id);
    expect(ada.run(run.id)?.status, ada.run(run.id)?.reason ?? '').toBe('succeeded');
    expect(approvals(events).find((e) => e.phase === 'completed')).toMatchObject({
      itemId: request.itemId,
      outcome: 'allow',
      decidedBy: 'Bo',
      command: COMMAND,
    });
    expect(events.find((e) => e.kind === 'command' && e.phase === 'completed')).toMatchObject({
      command: COMMAND,
      exitCode: 0,
    });
    expect(events.some((e) => e.kind === 'status' && e.text.includes('. Approvals (tandem.json): ask "node";'))).toBe(
      true,
    );
    // A second answer to the same question is refused and changes nothing.
    await expect(ada.approve(run.id, request.itemId, 'deny')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a denied command fails its tool call with a message the model reads, and the run goes on', async () => {
    const { ada, run } = await setup({ ask: [COMMAND] });
    await waitFor(() => asked(ada.evidence(run.id)) !== undefined, 20_000, 'the approval request');
    await ada.approve(run.id, asked(ada.evidence(run.id))!.itemId, 'deny');
    await runFinished(ada, run.id, 30_000);
    const events = ada.evidence(run.id);
    expect(approvals(events).find((e) => e.phase === 'completed')).toMatchObject({ outcome: 'deny', decidedBy: 'Ada' });
    expect(events.some((e) => e.kind === 'command')).toBe(false);
    // The simulated model quotes the tool's answer in its summary: it read the refusal.
    expect(message(events).join('\n')).toContain(`Ran \`${COMMAND}\`: error: the command was denied by Ada`);
    // The run went on: its own validation (the person's command, not the agent's) decided the verdict.
    expect(ada.run(run.id)).toMatchObject({ status: 'succeeded', reason: `validated: \`${COMMAND}\` passed` });
  });

  it('denies a command nobody answers within TANDEM_APPROVAL_TIMEOUT_MS, and says it timed out', async () => {
    const { ada, run } = await setup({ ask: ['*'] }, { approvalTimeoutMs: 300 });
    await runFinished(ada, run.id, 30_000);
    const events = ada.evidence(run.id);
    expect(approvals(events).find((e) => e.phase === 'completed')).toMatchObject({
      outcome: 'timeout',
      decidedBy: null,
      rule: 'no answer within 300 ms',
    });
    expect(message(events).join('\n')).toContain('nobody approved it within 300 ms (TANDEM_APPROVAL_TIMEOUT_MS)');
    expect(ada.run(run.id)?.status).toBe('succeeded');
  });

  it('a policy deny refuses at once, naming the rule; a cancelled run ends its pending approval', async () => {
    const denied = await setup({ deny: ['node'] });
    await runFinished(denied.ada, denied.run.id, 30_000);
    expect(approvals(denied.ada.evidence(denied.run.id))).toMatchObject([
      { phase: 'completed', outcome: 'deny', decidedBy: null, rule: 'tandem.json approvals.deny "node"' },
    ]);

    const { ada, run } = await setup({ ask: ['node'] });
    await waitFor(() => asked(ada.evidence(run.id)) !== undefined, 20_000, 'the approval request');
    await ada.cancel(run.id);
    await runFinished(ada, run.id, 30_000);
    expect(ada.run(run.id)?.status).toBe('cancelled');
    expect(approvals(ada.evidence(run.id)).find((e) => e.phase === 'completed')).toMatchObject({
      outcome: 'cancelled',
      decidedBy: null,
    });
    const late = ada.approve(run.id, asked(ada.evidence(run.id))!.itemId, 'allow');
    await expect(late).rejects.toBeInstanceOf(RequestError);
    await expect(late).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a broken approvals value makes every command ask, and the evidence says why', async () => {
    const { ada, run } = await setup({ allow: 'node' });
    await waitFor(() => asked(ada.evidence(run.id)) !== undefined, 20_000, 'the approval request');
    expect(asked(ada.evidence(run.id))?.rule).toMatch(/^tandem.json "approvals" is invalid \(approvals.allow: /);
    expect(
      ada.evidence(run.id).some((e) => e.kind === 'status' && /"approvals" is invalid .*every command/.test(e.text)),
    ).toBe(true);
    await ada.approve(run.id, asked(ada.evidence(run.id))!.itemId, 'allow-run');
    await runFinished(ada, run.id, 30_000);
    expect(ada.run(run.id)?.status).toBe('succeeded');
  });

  it('refuses answers to unknown approvals and bad payloads', async () => {
    const { ada, run } = await setup({ ask: ['node'] });
    await expect(ada.approve(run.id, 'no-such-approval', 'allow')).rejects.toMatchObject({ code: 'not_found' });
    await expect(ada.approve('no-such-run', 'x', 'allow')).rejects.toMatchObject({ code: 'not_found' });
    await expect(ada.approve(run.id, 'x', 'maybe' as 'allow')).rejects.toMatchObject({ code: 'bad_request' });
    await ada.cancel(run.id);
  });
});
