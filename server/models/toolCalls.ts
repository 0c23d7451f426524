// Assembles streamed tool calls from their fragments, tolerating what real providers send:
// OpenAI's index-keyed fragments; the whole arguments in one delta; no `index` at all; every
// parallel call sent with index 0 (Ollama); a fresh `id` on every fragment. Rule: a fragment that
// names a function starts a new call when its slot already has a named call with another id;
// anything else appends to the slot (or, with no index, to the latest call).
import type { ParsedStreamEvent } from './types';

type Assembling = { index: number; id: string; name: string; args: string };

export type ToolCallFragment = {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
};

export class ToolCallAssembler {
  private readonly calls: Assembling[] = [];
  private readonly byProviderIndex = new Map<number, Assembling>();
  private latest: Assembling | null = null;

  /** Applies one fragment; returns the delta event to emit, or null when it carried nothing. */
  add(fragment: ToolCallFragment): Extract<ParsedStreamEvent, { type: 'tool-call-delta' }> | null {
    const fn = fragment.function ?? undefined;
    const name = typeof fn?.name === 'string' && fn.name !== '' ? fn.name : null;
    const id = typeof fragment.id === 'string' && fragment.id !== '' ? fragment.id : null;
    const rawArgs = fn?.arguments;
    const args = typeof rawArgs === 'string' ? rawArgs : rawArgs == null ? '' : JSON.stringify(rawArgs);
    const providerIndex = typeof fragment.index === 'number' ? fragment.index : null;

    let slot = providerIndex === null ? this.latest : (this.byProviderIndex.get(providerIndex) ?? null);
    const startsNew = slot === null || (name !== null && slot.name !== '' && (id === null || id !== slot.id));
    let started = false;
    if (startsNew) {
      if (name === null && id === null && args === '') return null;
      slot = { index: this.calls.length, id: id ?? `call_${this.calls.length}`, name: name ?? '', args: '' };
      this.calls.push(slot);
      if (providerIndex !== null) this.byProviderIndex.set(providerIndex, slot);
      started = true;
    } else if (slot!.name === '' && name !== null) {
      slot!.name = name;
      started = true;
    }
    const call = slot!;
    this.latest = call;
    if (args === '' && !started) return null;
    call.args += args;
    return { type: 'tool-call-delta', index: call.index, id: call.id, name: call.name, argumentsDelta: args };
  }

  /** The finished calls, in order; empties the assembler. */
  drain(): Extract<ParsedStreamEvent, { type: 'tool-call' }>[] {
    const done = this.calls.map((c) => ({
      type: 'tool-call' as const,
      index: c.index,
      id: c.id,
      name: c.name,
      arguments: c.args,
    }));
    this.calls.length = 0;
    this.byProviderIndex.clear();
    this.latest = null;
    return done;
  }
}
