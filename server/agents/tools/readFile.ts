// Why: the model reads a file's current text in the snapshot (after its own patches), as LF text.
import { z } from 'zod';
import { AGENT_TOOL } from '../../models/formats/agentTools';
import { decodeText } from '../../workspace/textFile';
import { confine } from './confine';
import { readFileBytes, statIfExists } from './fsErrors';
import { defineTool, ToolError } from './types';

export const MAX_READ_BYTES = 256 * 1024;

export const readFileTool = defineTool(
  AGENT_TOOL.readFile,
  z.object({ path: z.string() }),
  async ({ path }, { root }) => {
    const abs = confine(root, path);
    const st = statIfExists(abs, path);
    if (!st) throw new ToolError(`${path} does not exist (list_files shows what does)`);
    if (!st.isFile()) throw new ToolError(`${path} is not a file`);
    if (st.size > MAX_READ_BYTES) {
      throw new ToolError(
        `${path} is ${st.size} bytes; read_file returns files up to ${MAX_READ_BYTES} bytes: ` +
          'use search to find the part you need',
      );
    }
    const decoded = decodeText(readFileBytes(abs, path));
    if (!decoded) throw new ToolError(`${path} is a binary file`);
    return { ok: true, output: decoded.text };
  },
);
