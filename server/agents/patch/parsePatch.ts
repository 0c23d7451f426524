// Why: the strong model edits files with the Codex apply_patch envelope (docs/agents.md); this
// turns its text into file operations, or into an error that tells the model exactly which line
// broke the format so it can resend. Pure: no file system.
import { PATCH_FORMAT } from '../../models/formats/patchFormat';

/** One `@@` section of an Update File: the old lines to find and the lines replacing them. */
export type UpdateChunk = {
  /** The text after `@@ ` (a line to find first, e.g. a function header), or null. */
  context: string | null;
  oldLines: string[];
  newLines: string[];
  /** The chunk line by line: context (' '), removed ('-') and added ('+'). */
  ops: { op: ' ' | '-' | '+'; text: string }[];
  /** `*** End of File` followed the chunk: its old lines end the file. */
  endOfFile: boolean;
};

export type PatchOp =
  | { kind: 'add'; path: string; lines: string[] }
  | { kind: 'delete'; path: string }
  | { kind: 'update'; path: string; moveTo: string | null; chunks: UpdateChunk[] };

export class PatchFormatError extends Error {}

const MOVE_TO = '*** Move to: ';

/** Strips a shell heredoc wrapper (`<<'EOF'` … `EOF`) some models put around the patch. */
function unwrapHeredoc(lines: string[]): string[] {
  if (lines.length >= 4 && /^<<['"]?EOF['"]?$/.test(lines[0].trim()) && lines[lines.length - 1].trim() === 'EOF')
    return lines.slice(1, -1);
  return lines;
}

function isHeader(line: string): boolean {
  return (
    line.startsWith(PATCH_FORMAT.addFile) ||
    line.startsWith(PATCH_FORMAT.deleteFile) ||
    line.startsWith(PATCH_FORMAT.updateFile) ||
    line.trim() === PATCH_FORMAT.end
  );
}

export function parsePatch(text: string): PatchOp[] {
  let lines = text.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  lines = unwrapHeredoc(lines);
  if (lines[0]?.trim() !== PATCH_FORMAT.begin)
    throw new PatchFormatError(`the patch must start with "${PATCH_FORMAT.begin}" on its own line`);
  if (lines[lines.length - 1]?.trim() !== PATCH_FORMAT.end || lines.length < 2) {
    throw new PatchFormatError(`the patch must end with "${PATCH_FORMAT.end}" on its own line`);
  }
  const ops: PatchOp[] = [];
  let i = 1;
  const end = lines.length - 1;
  const where = (k: number) => `patch line ${k + 1}`;
  while (i < end) {
    const line = lines[i];
    if (line.startsWith(PATCH_FORMAT.addFile)) {
      const path = fileName(line.slice(PATCH_FORMAT.addFile.length), where(i));
      const added: string[] = [];
      i++;
      while (i < end && !isHeader(lines[i])) {
        if (!lines[i].startsWith('+'))
          throw new PatchFormatError(
            `${where(i)}: every line of an added file starts with "+", got ${JSON.stringify(lines[i])}`,
          );
        added.push(lines[i].slice(1));
        i++;
      }
      ops.push({ kind: 'add', path, lines: added });
    } else if (line.startsWith(PATCH_FORMAT.deleteFile)) {
      ops.push({ kind: 'delete', path: fileName(line.slice(PATCH_FORMAT.deleteFile.length), where(i)) });
      i++;
    } else if (line.startsWith(PATCH_FORMAT.updateFile)) {
      const path = fileName(line.slice(PATCH_FORMAT.updateFile.length), where(i));
      i++;
      let moveTo: string | null = null;
      if (i < end && lines[i].startsWith(MOVE_TO)) {
        moveTo = fileName(lines[i].slice(MOVE_TO.length), where(i));
        i++;
      }
      const parsed = parseChunks(lines, i, end, path);
      i = parsed.next;
      if (parsed.chunks.length === 0 && moveTo === null)
        throw new PatchFormatError(`the Update File section for ${path} has no changes`);
      ops.push({ kind: 'update', path, moveTo, chunks: parsed.chunks });
    } else if (line.trim() === '') {
      i++;
    } else {
      throw new PatchFormatError(
        `${where(i)}: expected "${PATCH_FORMAT.addFile}", "${PATCH_FORMAT.deleteFile}" ` +
          `or "${PATCH_FORMAT.updateFile}", got ${JSON.stringify(line)}`,
      );
    }
  }
  if (ops.length === 0) throw new PatchFormatError('the patch changes no file');
  return ops;
}

function fileName(raw: string, where: string): string {
  const name = raw.trim();
  if (!name) throw new PatchFormatError(`${where}: the file name is missing`);
  return name;
}

/** The `@@` chunks of one Update File, up to the next file header. The first `@@` may be left out. */
function parseChunks(
  lines: string[],
  start: number,
  end: number,
  path: string,
): { chunks: UpdateChunk[]; next: number } {
  const chunks: UpdateChunk[] = [];
  let current: UpdateChunk | null = null;
  let i = start;
  for (; i < end && !isHeader(lines[i]); i++) {
    const line = lines[i];
    if (line === PATCH_FORMAT.hunk || line.startsWith(`${PATCH_FORMAT.hunk} `)) {
      const context = line.slice(PATCH_FORMAT.hunk.length).trim();
      current = { context: context === '' ? null : context, oldLines: [], newLines: [], ops: [], endOfFile: false };
      chunks.push(current);
      continue;
    }
    if (line.trim() === PATCH_FORMAT.endOfFile) {
      if (!current)
        throw new PatchFormatError(`patch line ${i + 1}: "${PATCH_FORMAT.endOfFile}" before any change in ${path}`);
      current.endOfFile = true;
      current = null;
      continue;
    }
    if (!current) {
      current = { context: null, oldLines: [], newLines: [], ops: [], endOfFile: false };
      chunks.push(current);
    }
    const marker = line[0];
    const body = line.slice(1);
    if (line === '' || marker === ' ') {
      current.oldLines.push(body);
      current.newLines.push(body);
      current.ops.push({ op: ' ', text: body });
    } else if (marker === '-') {
      current.oldLines.push(body);
      current.ops.push({ op: '-', text: body });
    } else if (marker === '+') {
      current.newLines.push(body);
      current.ops.push({ op: '+', text: body });
    } else {
      throw new PatchFormatError(
        `patch line ${i + 1} in the changes of ${path}: ` +
          `a line must start with " " (context), "-" (remove) or "+" (add), got ${JSON.stringify(line)}`,
      );
    }
  }
  return {
    chunks: chunks.filter((c) => c.oldLines.length > 0 || c.newLines.length > 0 || c.context !== null),
    next: i,
  };
}
