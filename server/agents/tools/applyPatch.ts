// Why: the model's only way to change files. The patch is applied all or nothing to the snapshot
// (confined paths, CRLF files kept CRLF); a malformed patch or a hunk that does not match comes
// back as an error that says what to fix, and nothing is written.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AGENT_TOOL } from '../../models/formats/agentTools';
import { decodeText, encodeText } from '../../workspace/textFile';
import { applyPatchText } from '../patch/applyPatch';
import { confine } from './confine';
import { readFileBytes, statIfExists } from './fsErrors';
import { defineTool, ToolError } from './types';

export const MAX_PATCH_CHARS = 512 * 1024;

export const applyPatchTool = defineTool(
  AGENT_TOOL.applyPatch,
  z.object({ patch: z.string() }),
  async ({ patch }, { root }) => {
    if (patch.length > MAX_PATCH_CHARS)
      throw new ToolError(
        `the patch is ${patch.length} characters; at most ${MAX_PATCH_CHARS}: split it into several patches`,
      );
    const eols = new Map<string, 'lf' | 'crlf'>();
    const read = (rel: string): string | null => {
      const abs = confine(root, rel);
      const st = statIfExists(abs, rel);
      if (!st) return null;
      if (!st.isFile()) throw new ToolError(`${rel} is not a file`);
      const decoded = decodeText(readFileBytes(abs, rel));
      if (!decoded) throw new ToolError(`${rel} is a binary file: apply_patch changes text files only`);
      eols.set(rel, decoded.eol);
      return decoded.text;
    };
    const result = applyPatchText(patch, read);
    const targets = result.writes.map((w) => ({ ...w, abs: confine(root, w.path) }));
    for (const w of targets) {
      if (w.content === null) {
        fs.rmSync(w.abs, { force: true });
        continue;
      }
      fs.mkdirSync(path.dirname(w.abs), { recursive: true });
      fs.writeFileSync(w.abs, encodeText(w.content, eols.get(w.path) ?? 'lf'));
    }
    const ignored = (f: (typeof result.fuzzy)[number]) =>
      `${f.path} ignoring ${f.level === 'punctuation' ? 'whitespace and punctuation' : 'whitespace'}`;
    const fuzzy = result.fuzzy.length ? `\n(matched ${result.fuzzy.map(ignored).join(', ')})` : '';
    return {
      ok: true,
      output: `Success. Updated the following files:\n${result.summary.join('\n')}${fuzzy}`,
      changed: result.writes.map((w) => w.path),
    };
  },
);
