import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '../testing/fixtures';
import { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { resolveValidation } from './validation';

const resolve = (root: string, requested?: string | null) =>
  resolveValidation(requested, root, new WorkspaceConfigFile(root));

describe('resolveValidation', () => {
  it('prefers the request, then tandem.json, then the package.json test script', () => {
    const root = makeWorkspace({
      'package.json': JSON.stringify({ scripts: { test: 'vitest run' } }),
      'tandem.json': JSON.stringify({ validation: 'make check' }),
    });
    expect(resolve(root, 'pytest -q')).toEqual({ command: 'pytest -q', source: 'request' });
    expect(resolve(root)).toEqual({ command: 'make check', source: 'tandem.json' });
    fs.rmSync(path.join(root, 'tandem.json'));
    expect(resolve(root)).toEqual({ command: 'npm test', source: 'package.json' });
    expect(resolve(root, null)).toEqual({ command: null, source: 'none' });
  });

  it("has none without a test script, or with npm init's placeholder", () => {
    expect(resolve(makeWorkspace())).toEqual({ command: null, source: 'none' });
    const placeholder = makeWorkspace({
      'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
    });
    expect(resolve(placeholder)).toEqual({ command: null, source: 'none' });
  });

  it('refuses a broken tandem.json with its reason', () => {
    expect(() => resolve(makeWorkspace({ 'tandem.json': '{ nope' }))).toThrow(
      /cannot choose the validation command: tandem.json is not valid JSON/,
    );
  });
});
