// Why: a V8 .cpuprofile (Chrome DevTools' format) answers "where do the µs per token go" only once
// its samples are added up per function; this does that without a browser: each function's own
// time (self) and its time including what it called (inclusive), as shares of all samples.

export type CpuProfile = {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
};

export type Share = { name: string; share: number };

/** "function file" with the snapshot's and node_modules' prefixes cut, e.g. "emit socket.io/dist/…". */
export function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const path = frame.url.replace(/^file:\/\//, '');
  const url = path.includes('/node_modules/')
    ? path.replace(/.*\/node_modules\//, '')
    : path.replace(/.*?\/(server|lib|bench)\//, '$1/');
  return `${frame.functionName || '(anonymous)'}${url ? ` ${url}` : ''}`;
}

/** The `top` functions by self and by inclusive share of the samples (idle and GC are kept: they are told apart). */
export function summarizeProfile(profile: CpuProfile, top = 25): { self: Share[]; inclusive: Share[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = new Map<number, number>();
  for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, count] of hits) {
    const name = frameName(byId.get(id)!.callFrame);
    self.set(name, (self.get(name) ?? 0) + count);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = frameName(byId.get(at)!.callFrame);
      if (seen.has(frame)) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + count);
    }
  }
  const total = Math.max(1, profile.samples.length);
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, top)
      .map(([name, count]) => ({ name, share: count / total }));
  return { self: ranked(self), inclusive: ranked(inclusive) };
}
