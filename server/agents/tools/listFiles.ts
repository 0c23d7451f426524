// Why: the model's first look at a workspace — the files under a folder, one path per line.
import { z } from 'zod';
import { AGENT_TOOL } from '../../models/formats/agentTools';
import { confine, relativeTo } from './confine';
import { statIfExists } from './fsErrors';
import { defineTool, ToolError } from './types';
import { walkFiles } from '../../workspace/walkFiles';

export const MAX_LISTED_FILES = 2000;

export const listFilesTool = defineTool(
  AGENT_TOOL.listFiles,
  z.object({ path: z.string().optional() }),
  async ({ path = '.' }, { root }) => {
    const dir = path === '.' || path === '' ? root : confine(root, path);
    if (!statIfExists(dir, path)?.isDirectory()) throw new ToolError(`${path} is not a folder of the workspace`);
    const { files, complete } = walkFiles(root, dir, MAX_LISTED_FILES);
    const lines = files.map((f) => relativeTo(root, f));
    if (!complete) lines.push(`[listing stopped at ${MAX_LISTED_FILES} files: list a sub-folder to see more]`);
    return { ok: true, output: lines.length ? lines.join('\n') : `(no files under ${path})` };
  },
);
