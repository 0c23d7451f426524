// The desk where a run's commands wait: answers arrive as evidence (as the ledger delivers them),
// "allow for this run" covers the same command later in that run only, and nothing waits forever.
import { describe, expect, it } from 'vitest';
import type { EvidenceDraft, EvidenceEvent } from '../../lib/protocol';
import { grantedForRun } from './approvalDecision';
import { ApprovalDesk, describeMs, type ApprovalCheck } from './approvalDesk';
import { approvalPolicyOf } from './approvalPolicy';

type Approval = Extract<EvidenceEvent, { kind: 'approval' }>;

/** A run's evidence as the ledger keeps it; every event also reaches the desk, as the ledger's listener does. */
function runLog(desk: ApprovalDesk, runId: string) {
  const events: EvidenceEvent[] = [];
  const append = (draft: EvidenceDraft) => {
    const event = { ...draft, runId, seq: events.length + 1, at: Date.now() } as EvidenceEvent;
    events.push(event);
    desk.seen(event);
  };
  const approvals = () => events.filter((e): e is Approval => e.kind === 'approval');
  const check = (command: string, extra: Partial<ApprovalCheck> = {}) =>
    desk.check({
      runId,
      by: 'Ada',
      command,
      policy: approvalPolicyOf({ ask: ['npm'] }),
      sandboxed: true,
      timeoutMs: 60_000,
      signal: new AbortController().signal,
      evidence: append,
      ...extra,
    });
  /** What a web node writes when a person answers (approvalDecision.ts). */
  const answer = (q: Approval, outcome: 'allow' | 'allow-run' | 'deny', decidedBy: string) =>
    append({ ...q, phase: 'completed', outcome, decidedBy });
  const waitAsked = async () => {
    for (let i = 0; i < 100; i++) {
      const open = approvals().find(
        (a) => a.phase === 'started' && !approvals().some((b) => b.phase === 'completed' && b.itemId === a.itemId),
      );
      if (open) return open;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('no question asked');
  };
  return { events, approvals, check, answer, waitAsked };
}

describe('ApprovalDesk', () => {
  it('allow-run lets the same command run again in that run without asking, and only that command', async () => {
    const desk = new ApprovalDesk();
    const log = runLog(desk, 'r1');
    const first = log.check('npm test');
    log.answer(await log.waitAsked(), 'allow-run', 'Bo');
    expect(await first).toEqual({ ok: true });

    expect(await log.check('npm test')).toEqual({ ok: true });
    const again = log.approvals().at(-1)!;
    expect(again).toMatchObject({ phase: 'completed', outcome: 'allow-run', decidedBy: 'Bo' });
    expect(again.rule).toMatch(/^allowed for this run by Bo/);
    expect(log.approvals().filter((a) => a.phase === 'started')).toHaveLength(1);

    // Another command still asks; the same command in another run still asks.
    const other = log.check('npm run build');
    log.answer(await log.waitAsked(), 'deny', 'Bo');
    expect(await other).toMatchObject({ ok: false, message: expect.stringContaining('denied by Bo') });
    const otherRun = runLog(desk, 'r2');
    const elsewhere = otherRun.check('npm test');
    otherRun.answer(await otherRun.waitAsked(), 'allow', 'Cy');
    expect(await elsewhere).toEqual({ ok: true });

    // When the run ends here, what was allowed for it goes.
    desk.forgetRun('r1');
    const afterEnd = log.check('npm test');
    log.answer(await log.waitAsked(), 'deny', 'Bo');
    expect((await afterEnd).ok).toBe(false);
    expect(desk.waiting()).toBe(0);
  });

  it('a restarted run (a new process, an empty desk) keeps what its evidence says was allowed for it', async () => {
    const first = runLog(new ApprovalDesk(), 'r1');
    const asking = first.check('npm test');
    first.answer(await first.waitAsked(), 'allow-run', 'Bo');
    await asking;
    // The run's evidence as the ledger replays it, a page of 2 events at a time.
    const ledger = {
      replay: (_runId: string, after: number) => {
        const rest = first.events.filter((e) => e.seq > after);
        return { events: rest.slice(0, 2), more: rest.length > 2 };
      },
    };
    const restarted = runLog(new ApprovalDesk(), 'r1');
    const granted = (command: string) => grantedForRun(ledger, 'r1', command);
    expect(granted('npm run build')).toBeNull();
    expect(await restarted.check('npm test', { grantedBy: granted })).toEqual({ ok: true });
    expect(restarted.approvals()).toMatchObject([{ phase: 'completed', outcome: 'allow-run', decidedBy: 'Bo' }]);
  });

  it('ends a wait on time-out or when the run stops, writing why; a late answer changes nothing', async () => {
    const desk = new ApprovalDesk();
    const log = runLog(desk, 'r1');
    const timedOut = await log.check('npm test', { timeoutMs: 50 });
    expect(timedOut).toMatchObject({ ok: false, message: expect.stringContaining('nobody approved it within 50 ms') });
    const ended = log.approvals().at(-1)!;
    expect(ended).toMatchObject({ phase: 'completed', outcome: 'timeout', decidedBy: null });
    log.answer(ended, 'allow', 'Bo');
    expect(desk.waiting()).toBe(0);

    const stop = new AbortController();
    const stopped = log.check('npm test', { signal: stop.signal });
    await log.waitAsked();
    stop.abort(new Error('cancelled by Ada'));
    expect(await stopped).toMatchObject({ ok: false });
    expect(log.approvals().at(-1)).toMatchObject({
      outcome: 'cancelled',
      rule: 'the run stopped while it waited (cancelled by Ada)',
    });
    expect(desk.waiting()).toBe(0);
  });

  it('answers allow and deny verdicts of the policy without asking anyone', async () => {
    const desk = new ApprovalDesk();
    const log = runLog(desk, 'r1');
    expect(await log.check('ls')).toEqual({ ok: true });
    expect(log.events).toHaveLength(0);
    const denied = await log.check('rm -rf x', { policy: approvalPolicyOf({ deny: ['rm'] }) });
    expect(denied).toMatchObject({ ok: false, message: expect.stringContaining('approvals.deny "rm"') });
    expect(log.approvals()).toMatchObject([{ phase: 'completed', outcome: 'deny', decidedBy: null }]);
  });

  it('says durations the way people read them', () => {
    expect(describeMs(600_000)).toBe('10 min');
    expect(describeMs(1500)).toBe('1.5 s');
    expect(describeMs(2000)).toBe('2 s');
    expect(describeMs(300)).toBe('300 ms');
  });
});
