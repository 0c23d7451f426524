// A lane's transcript writes, on real SQLite: a start or a state change is written at once; a
// streaming turn's output on the recorder's next tick — every turn with new output in that one
// tick, each once — and not again for a turn whose state changed meanwhile. What the ticks wrote
// is what a restart after a crash (kill -9) finds: the turn comes back interrupted with it.
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastStateEvent } from '../../lib/protocol/fast';
import { openDb } from '../store/db';
import { tempDir } from '../testing/fixtures';
import { newServerTurn, turnInfo, type Turn } from './fastTurn';
import { SqliteTranscriptStore } from './sqliteTranscriptStore';
import { TurnEvents } from './turnEvents';
import { RECORD_EVERY_MS, TurnRecorder } from './turnRecorder';

const WS = '/workspace';
const MODEL = { lane: 'fast', model: 'sim-fast', host: '127.0.0.1', simulated: true } as const;

function lane() {
  const dataDir = tempDir('recorder');
  const store = new SqliteTranscriptStore(openDb(dataDir), WS);
  const saves = vi.spyOn(store, 'save');
  const logged: string[] = [];
  const recorder = new TurnRecorder(store, (m) => logged.push(m));
  const states: FastStateEvent[] = [];
  const events = new TurnEvents({
    emit: { started: () => undefined, delta: () => undefined, state: (e) => states.push(e) },
    report: { figures: () => undefined, usage: () => undefined },
    recorder,
  });
  const doc = new Y.Doc();
  const text = doc.getText('content');
  text.insert(0, 'let a = 1;\nlet b = 2;\n');
  const turn = (requestId: string): Turn => {
    const req = { range: { startLine: 1, endLine: 2 }, instruction: 'rename', language: 'typescript', requestId };
    const by = { client: 'tab-1', name: 'Ada' };
    const info = turnInfo(text, text.toString().split('\n'), req, {
      path: 'src/a.ts',
      by,
      model: MODEL,
      reason: 'test',
    });
    const t = newServerTurn(info, null, [], 0, () => undefined);
    recorder.now(t);
    return t;
  };
  /** The model streamed `chunk` into the turn, and everyone was told. */
  const stream = (t: Turn, chunk: string) => {
    const d = t.output.append(chunk)!;
    events.delta(t, d.from, d.text);
  };
  const stored = async (t: Turn) => (await store.recent('src/a.ts')).find((r) => r.requestId === t.info.requestId);
  return { dataDir, store, saves, logged, recorder, events, states, turn, stream, stored };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('TurnRecorder', () => {
  it("writes a start at once, and every streaming turn's new output once on the next tick", async () => {
    const l = lane();
    const turns = ['t1', 't2', 't3'].map(l.turn);
    expect(l.saves).toHaveBeenCalledTimes(3);
    for (const t of turns) for (const line of ['let x = 1;\n', 'let y = 2;\n', 'let z = 3;\n']) l.stream(t, line);
    expect(l.saves).toHaveBeenCalledTimes(3);
    expect((await l.stored(turns[0]!))?.output).toBe('');

    vi.advanceTimersByTime(RECORD_EVERY_MS);
    expect(l.saves).toHaveBeenCalledTimes(6);
    for (const t of turns) expect((await l.stored(t))?.output).toBe('let x = 1;\nlet y = 2;\nlet z = 3;\n');
    vi.advanceTimersByTime(5 * RECORD_EVERY_MS);
    expect(l.saves).toHaveBeenCalledTimes(6);
    expect(l.logged).toEqual([]);
  });

  it('writes a state change at once, with the output so far, and drops that turn from the next tick', async () => {
    const l = lane();
    const done = l.turn('done');
    const streaming = l.turn('streaming');
    l.stream(done, 'let x = 1;\n');
    l.stream(streaming, 'let y = 1;\n');
    l.events.state(done, 'done');
    expect(l.saves).toHaveBeenCalledTimes(3);
    expect(await l.stored(done)).toMatchObject({ outcome: 'done', output: 'let x = 1;\n' });

    vi.advanceTimersByTime(RECORD_EVERY_MS);
    expect(l.saves).toHaveBeenCalledTimes(4);
    expect(l.saves.mock.calls[3]![0].requestId).toBe('streaming');
    expect(l.states.map((e) => [e.requestId, e.state, e.seq])).toEqual([['done', 'done', 2]]);
  });

  it('leaves what the ticks wrote for a restart after a crash: the turn comes back interrupted with it', async () => {
    const l = lane();
    const t = l.turn('cut');
    l.stream(t, 'let x = 1;\n');
    vi.advanceTimersByTime(RECORD_EVERY_MS);
    l.stream(t, 'never written: the process dies before the next tick\n');

    const restarted = new SqliteTranscriptStore(openDb(l.dataDir), WS);
    expect(await restarted.endStreaming('the server stopped while this streamed')).toBe(1);
    expect(await restarted.left('cut')).toMatchObject({
      state: 'interrupted',
      output: 'let x = 1;\n',
      message: 'the server stopped while this streamed',
    });
  });
});
