// How this Tandem runs agent commands, decided once at start: inside bubblewrap when it works here
// (and is not turned off), else not sandboxed — with a note that says which, and why.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeBwrap } from './bwrap';
import type { SandboxSettings } from './commandRunner';

const TANDEM_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.bin');

/** `dataDir` (a real path) is hidden from commands: it holds other runs and the database. */
export async function runSandbox(
  mode: 'auto' | 'off',
  dataDir: string,
  nice: number,
): Promise<SandboxSettings & { note: string }> {
  const probe =
    mode === 'off'
      ? { bwrap: null, reason: 'sandboxing is turned off (TANDEM_RUN_SANDBOX=off)' }
      : await probeBwrap(process.env.PATH);
  const note = probe.bwrap
    ? 'Commands run inside bubblewrap: no network, only the snapshot is writable'
    : `Commands are NOT sandboxed: ${probe.reason}`;
  return { bwrap: probe.bwrap, nice, hidden: [dataDir], toolBins: [TANDEM_BIN], parentEnv: process.env, note };
}
