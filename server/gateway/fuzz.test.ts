// Fuzzing the one door (issue 14): a few hundred random and malformed client events (fast-check,
// fixed seed) against a real server where two people hold a document open. The server stays up,
// answers every acknowledged call with an error, and no document text, file or run changes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket } from '../../lib/client/socket';
import type { Ack } from '../../lib/protocol';
import { connectClient, openDoc, startTestServer, TEST_TOKEN } from '../testing/fixtures';
import { fuzzCalls, refused, sendFuzzCall, type FuzzCall } from '../testing/fuzzPayloads';

let s: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  s = await startTestServer({ autosaveMs: 0 });
});
afterAll(() => s.close());

/** Every file under the workspace with a hash of its bytes (.git included). */
function diskState(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = crypto.createHash('sha1').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

const runList = async (socket: ClientSocket) =>
  JSON.stringify(await new Promise((r) => socket.emit('run/list', {}, r as never)));

describe('malformed client events', () => {
  it('are each refused with an error, leave the server up and change nothing', { timeout: 240_000 }, async () => {
    const owner = await connectClient(s.url, { name: 'owner' });
    const doc = await openDoc(owner, 'src/app.ts');
    const fuzzer = await connectClient(s.url, { name: 'fuzzer' });
    // The fuzzer holds the document too, so edits, saves and ghosts on it pass the "is it open" check.
    await openDoc(fuzzer, 'src/app.ts');
    const text = doc.text.toString();
    const disk = diskState(s.workspace.root);
    const runs = await runList(owner);

    const calls = fuzzCalls(400);
    const refusals: string[] = [];
    for (const call of calls) {
      const reply = await sendFuzzCall(fuzzer, call);
      if (reply === null) continue;
      if (reply.ok) throw new Error(`accepted: ${JSON.stringify(call).slice(0, 300)}`);
      refusals.push(reply.error.code);
    }
    expect(refusals.length).toBeGreaterThan(calls.length / 2);
    expect(new Set(refusals)).toEqual(new Set(['bad_request']));

    // Still up: the same connection gets answers, and so does HTTP.
    expect(fuzzer.connected).toBe(true);
    const info = await new Promise<Ack>((r) => fuzzer.emit('workspace/info', {}, r as never));
    expect(info.ok).toBe(true);
    const health = await fetch(`${s.url}/api/health`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(health.status).toBe(200);
    // Nothing changed.
    expect(doc.text.toString()).toBe(text);
    expect(diskState(s.workspace.root)).toEqual(disk);
    expect(await runList(owner)).toBe(runs);
    owner.close();
    fuzzer.close();
  });

  it('do nothing without an acknowledgement, even when the payload is valid', async () => {
    const socket = await connectClient(s.url, { name: 'no-ack' });
    await openDoc(socket, 'src/app.ts');
    const emit = socket.emit.bind(socket) as unknown as (...a: unknown[]) => void;
    // A valid delete with a stray second argument and no callback: it used to run the handler.
    emit('doc/delete', { path: 'src/app.ts' }, 42);
    emit('doc/delete', { path: 'src/app.ts' });
    // The same request with its callback, on another file, goes the same way and is answered after
    // the two above were handled.
    const done = await new Promise<Ack>((r) => socket.emit('doc/delete', { path: 'README.md' }, r as never));
    expect(done.ok).toBe(true);
    expect(fs.existsSync(path.join(s.workspace.root, 'README.md'))).toBe(false);
    expect(fs.existsSync(path.join(s.workspace.root, 'src/app.ts'))).toBe(true);
    socket.close();
  });

  it('the fuzz knows what the wire makes of a "__proto__" key: kept, or dropped from a binary packet', async () => {
    const socket = await connectClient(s.url, { name: 'proto' });
    const withProto = (value: unknown) =>
      Object.defineProperty({}, '__proto__', { value, enumerable: true, writable: true }) as object;
    const calls: FuzzCall[] = [
      { event: 'complete/info', args: [withProto('x')], ack: true },
      // socket.io-client copies a binary packet key by key: `__proto__` becomes the copy's prototype, not JSON.
      { event: 'complete/info', args: [withProto(Buffer.from([31, 5, 74]))], ack: true },
    ];
    const replies = [];
    for (const call of calls) replies.push(await sendFuzzCall(socket, call));
    expect(replies.map((r) => r?.ok)).toEqual([false, true]);
    expect(calls.map(refused)).toEqual([true, false]);
    socket.close();
  });
});
