// OwnPresence on a real y-protocols Awareness, with a clock of the test's own: this person's state
// leaves when it changed, is renewed before others would drop it, and others' changes send nothing.
import * as awarenessProtocol from 'y-protocols/awareness';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { OwnPresence, RENEW_PRESENCE_MS } from './ownPresence';

const REMOTE = 'remote';
const made: awarenessProtocol.Awareness[] = [];

function setup(live = () => true) {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  made.push(awareness);
  awareness.setLocalState({ path: 'a.ts', cursors: [{ anchor: 1, head: 1 }] });
  const clock = { now: 0 };
  const sent: number[][] = [];
  const presence = new OwnPresence(
    awareness,
    (ids) => sent.push(ids),
    live,
    REMOTE,
    () => clock.now,
  );
  return { awareness, clock, sent, presence };
}

afterEach(() => made.splice(0).forEach((a) => a.destroy()));

describe('OwnPresence', () => {
  it('sends a changed state, and an unchanged one only once it is due for renewal', () => {
    const { awareness, clock, sent } = setup();
    const self = awareness.clientID;
    awareness.setLocalState({ path: 'a.ts', cursors: [{ anchor: 2, head: 2 }] });
    expect(sent).toEqual([[self]]);
    // The same state again, as every keystroke that leaves the cursor's relative position sets it.
    clock.now = RENEW_PRESENCE_MS - 1;
    for (let i = 0; i < 20; i++) awareness.setLocalState({ path: 'a.ts', cursors: [{ anchor: 2, head: 2 }] });
    expect(sent).toHaveLength(1);
    clock.now = RENEW_PRESENCE_MS;
    awareness.setLocalState({ path: 'a.ts', cursors: [{ anchor: 2, head: 2 }] });
    expect(sent).toHaveLength(2);
    awareness.setLocalStateField('path', 'b.ts');
    expect(sent).toHaveLength(3);
    // What is sent is the current state, clock included: another awareness applying it has it.
    const other = new awarenessProtocol.Awareness(new Y.Doc());
    made.push(other);
    awarenessProtocol.applyAwarenessUpdate(other, awarenessProtocol.encodeAwarenessUpdate(awareness, [self]), REMOTE);
    expect(other.getStates().get(self)).toEqual({ path: 'b.ts', cursors: [{ anchor: 2, head: 2 }] });
  });

  it('sends nothing for others’ changes, nor while offline; sendNow sends at once', () => {
    let connected = false;
    const { awareness, sent, presence } = setup(() => connected);
    awareness.setLocalState({ path: 'c.ts', cursors: [] });
    expect(sent).toEqual([]);
    const other = new awarenessProtocol.Awareness(new Y.Doc());
    made.push(other);
    other.setLocalState({ path: 'a.ts', cursors: [] });
    connected = true;
    awarenessProtocol.applyAwarenessUpdate(
      awareness,
      awarenessProtocol.encodeAwarenessUpdate(other, [other.clientID]),
      REMOTE,
    );
    expect(sent).toEqual([]);
    presence.sendNow();
    expect(sent).toEqual([[awareness.clientID]]);
  });
});
