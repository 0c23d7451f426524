import { describe, expect, it } from 'vitest';
import { LanguageServiceGate, type GateClock } from './languageServiceGate';

/** A clock moved by hand: timers fire as `advance` passes them. */
function manualClock() {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let ids = 0;
  const clock: GateClock = {
    now: () => now,
    setTimeout: (run, ms) => (timers.set(++ids, { at: now + ms, run }), ids),
    clearTimeout: (h) => void timers.delete(h as number),
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > until) break;
      timers.delete(next[0]);
      now = next[1].at;
      next[1].run();
    }
    now = until;
  };
  return { clock, advance };
}

function setUp() {
  const { clock, advance } = manualClock();
  const restarted: string[] = [];
  const states: string[] = [];
  const gate = new LanguageServiceGate(
    (label) => restarted.push(label),
    clock,
    (s) => states.push(s),
    1000,
  );
  const made: { label: string; answered: () => void }[] = [];
  const ask = (label = 'typescript') => void gate.worker(label, (answered) => made.push({ label, answered }));
  return { gate, advance, restarted, made, ask, states };
}

describe('LanguageServiceGate', () => {
  it('starts a worker once the page has been quiet for the quiet time after it was asked for', async () => {
    const { advance, made, ask, gate, states } = setUp();
    expect(gate.state).toBe('idle');
    advance(5000);
    ask();
    advance(999);
    expect(made).toHaveLength(0);
    expect(gate.state).toBe('waiting');
    advance(1);
    expect(made).toHaveLength(1);
    expect(gate.state).toBe('starting');
    made[0]!.answered();
    expect(gate.state).toBe('ready');
    expect(states).toEqual(['waiting', 'starting', 'ready']);
  });

  it('waits while the instruction box is open or a turn streams, and for the quiet time after', () => {
    const { gate, advance, made, ask } = setUp();
    ask();
    advance(500);
    gate.setBusy(true);
    advance(10_000);
    expect(made).toHaveLength(0);
    gate.setBusy(false);
    advance(999);
    expect(made).toHaveLength(0);
    advance(1);
    expect(made).toHaveLength(1);
  });

  it('a key pressed starts the quiet time again', () => {
    const { gate, advance, made, ask } = setUp();
    ask();
    advance(800);
    gate.activity();
    advance(800);
    expect(made).toHaveLength(0);
    advance(200);
    expect(made).toHaveLength(1);
  });

  it('stops a service still starting when the page gets busy, once; a ready one is left alone', () => {
    const { gate, advance, made, ask, restarted } = setUp();
    ask('typescript');
    ask('javascript');
    advance(1000);
    expect(made.map((m) => m.label)).toEqual(['typescript', 'javascript']);
    made[1]!.answered();
    gate.setBusy(true);
    expect(restarted).toEqual(['typescript']);
    expect(gate.state).toBe('ready');
    // Monaco asks again for the stopped one: it waits for the next quiet moment.
    ask('typescript');
    expect(gate.state).toBe('waiting');
    gate.setBusy(false);
    advance(1000);
    expect(made.map((m) => m.label)).toEqual(['typescript', 'javascript', 'typescript']);
    // Started a second time, it is left to finish even if the page gets busy again.
    gate.setBusy(true);
    expect(restarted).toEqual(['typescript']);
    expect(gate.state).toBe('starting');
    made[2]!.answered();
    expect(gate.state).toBe('ready');
  });

  it('a key pressed while a service starts leaves it starting', () => {
    const { gate, advance, made, ask, restarted } = setUp();
    ask();
    advance(1000);
    gate.activity();
    expect(made).toHaveLength(1);
    expect(restarted).toEqual([]);
  });
});
