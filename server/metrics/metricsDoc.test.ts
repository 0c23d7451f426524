// Why: docs/configuration.md named a metric that no longer existed (tandem_harness_prefill_ms) and
// an old meaning of another. This reads the table under "## Metrics" and compares it with what a
// real MetricsHub registers for /metrics: the same names, types and help texts, both ways.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb } from '../store/db';
import { tempDir } from '../testing/fixtures';
import { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { MetricsHub } from './metricsHub';

const PROCESS_PREFIX = 'tandem_process_';
const markdown = readFileSync(fileURLToPath(new URL('../../docs/configuration.md', import.meta.url)), 'utf8');

/** `name → { type, what }` from the rows of the table in the "## Metrics" section. */
function documentedMetrics(): Map<string, { type: string; what: string }> {
  const start = markdown.indexOf('\n## Metrics\n');
  const end = markdown.indexOf('\n## ', start + 1);
  const rows = new Map<string, { type: string; what: string }>();
  for (const line of markdown.slice(start, end).split('\n')) {
    const row = /^\| `(tandem_\w+)` \| (\w+) \| (.*) \|$/.exec(line);
    if (row) rows.set(row[1], { type: row[2], what: row[3] });
  }
  return rows;
}

describe('docs/configuration.md, ## Metrics', () => {
  it('lists every metric /metrics exports, with its type and help text, and no other', async () => {
    const hub = new MetricsHub(
      openDb(tempDir('metrics-doc')),
      'ws',
      new WorkspaceConfigFile(tempDir('metrics-doc-ws')),
    );
    const registered = (await hub.registry.getMetricsAsJSON()).filter((m) => !m.name.startsWith(PROCESS_PREFIX));
    const documented = documentedMetrics();
    expect([...documented.keys()].sort()).toEqual(registered.map((m) => m.name).sort());
    const wrong = registered.flatMap((m) => {
      const doc = documented.get(m.name)!;
      return doc.type === String(m.type) && doc.what.includes(m.help)
        ? []
        : [`${m.name}: documented ${doc.type} "${doc.what}"; registered ${m.type} "${m.help}"`];
    });
    expect(wrong).toEqual([]);
    expect(markdown).toContain(`\`${PROCESS_PREFIX}\``);
    expect((await hub.registry.getMetricsAsJSON()).some((m) => m.name.startsWith(PROCESS_PREFIX))).toBe(true);
  });
});
