// Why: "faster bad output is still bad output" — every run names what it will check. The command
// comes from the request, else the workspace's tandem.json, else its package.json `test` script;
// a run without one is allowed, and is shown as not validated.
import fs from 'node:fs';
import path from 'node:path';
import { ProtocolFailure, type RunValidation } from '../../lib/protocol';
import { WorkspaceConfigError, type WorkspaceConfigFile } from '../workspace/workspaceConfig';

/** npm init's placeholder, which always fails: not a test suite. */
const NPM_PLACEHOLDER = /no test specified/;

export function resolveValidation(
  requested: string | null | undefined,
  root: string,
  config: WorkspaceConfigFile,
): RunValidation {
  if (requested === null) return { command: null, source: 'none' };
  if (requested !== undefined) return { command: requested, source: 'request' };
  let fromConfig: string | undefined;
  try {
    fromConfig = config.read().validation;
  } catch (err) {
    if (err instanceof WorkspaceConfigError)
      throw new ProtocolFailure('bad_request', `cannot choose the validation command: ${err.message}`);
    throw err;
  }
  if (fromConfig) return { command: fromConfig, source: 'tandem.json' };
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts?: Record<string, unknown>;
    };
    const test = pkg.scripts?.test;
    if (typeof test === 'string' && test.trim() !== '' && !NPM_PLACEHOLDER.test(test))
      return { command: 'npm test', source: 'package.json' };
  } catch {
    // no package.json, or not JSON: no test script
  }
  return { command: null, source: 'none' };
}
