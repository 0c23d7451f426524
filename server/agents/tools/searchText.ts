// Why: the model finds where something is used before changing it: a literal, case-sensitive
// search over the snapshot's text files, answered as `path:line: text` lines. A file that cannot
// be read is named with the reason, not silently left out.
import fs from 'node:fs';
import { z } from 'zod';
import { AGENT_TOOL } from '../../models/formats/agentTools';
import { decodeText } from '../../workspace/textFile';
import { confine, relativeTo } from './confine';
import { describeFsError, statIfExists } from './fsErrors';
import { defineTool, ToolError } from './types';
import { walkFiles } from '../../workspace/walkFiles';

export const MAX_MATCHES = 200;
const MAX_SEARCHED_FILES = 5000;
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_LINE_CHARS = 300;

export const searchTool = defineTool(
  AGENT_TOOL.search,
  z.object({ query: z.string(), path: z.string().optional() }),
  async ({ query, path = '.' }, { root }) => {
    if (query === '') throw new ToolError('the query is empty');
    const start = path === '.' || path === '' ? root : confine(root, path);
    const st = statIfExists(start, path);
    if (!st) throw new ToolError(`${path} does not exist`);
    const { files } = st.isDirectory() ? walkFiles(root, start, MAX_SEARCHED_FILES) : { files: [start] };
    const out: string[] = [];
    const unread: string[] = [];
    let more = false;
    for (const file of files) {
      let bytes: Buffer;
      try {
        // Asynchronous: thousands of files are read without holding the server's event loop.
        if ((await fs.promises.stat(file)).size > MAX_FILE_BYTES) continue;
        bytes = await fs.promises.readFile(file);
      } catch (err) {
        unread.push(describeFsError(relativeTo(root, file), err));
        continue;
      }
      const decoded = decodeText(bytes);
      if (!decoded || !decoded.text.includes(query)) continue;
      const lines = decoded.text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i].includes(query)) continue;
        if (out.length >= MAX_MATCHES) {
          more = true;
          break;
        }
        const line = lines[i].length > MAX_LINE_CHARS ? `${lines[i].slice(0, MAX_LINE_CHARS)}…` : lines[i];
        out.push(`${relativeTo(root, file)}:${i + 1}: ${line}`);
      }
      if (more) break;
    }
    if (more) out.push(`[stopped at ${MAX_MATCHES} matches: narrow the query or the path]`);
    if (out.length === 0) out.push(`no match for ${JSON.stringify(query)}`);
    if (unread.length) out.push(`[not searched: ${unread.join('; ')}]`);
    return { ok: true, output: out.join('\n') };
  },
);
