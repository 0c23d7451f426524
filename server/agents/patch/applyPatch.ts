// Why: applies parsed apply_patch operations to file contents, all or nothing — every chunk is
// located first, and if any fails nothing is written (Codex writes file by file). A failure says
// which lines were not found and where the closest line is, so the model can re-read and retry.
// Pure: contents in, contents out; the tool does the I/O.
import { parsePatch, PatchFormatError, type PatchOp, type UpdateChunk } from './parsePatch';
import { closestLine, seekSequence, type SeekLevel } from './seekSequence';

export class PatchApplyError extends Error {}

/** The new content of a file (LF text), or null when the patch deletes it. */
export type FileWrite = { path: string; content: string | null };

export type PatchResult = {
  writes: FileWrite[];
  /** "A path", "M path", "D path", "R old -> new", in patch order. */
  summary: string[];
  /** Chunks that matched only after relaxing whitespace or punctuation. */
  fuzzy: { path: string; level: SeekLevel }[];
};

/** Reads a file's current LF text, or null when it does not exist. */
export type ReadFile = (path: string) => string | null;

export function applyPatchText(patch: string, read: ReadFile): PatchResult {
  return applyPatchOps(parsePatch(patch), read);
}

export function applyPatchOps(ops: PatchOp[], read: ReadFile): PatchResult {
  const overlay = new Map<string, string | null>();
  const current = (path: string) => (overlay.has(path) ? overlay.get(path)! : read(path));
  const summary: string[] = [];
  const fuzzy: PatchResult['fuzzy'] = [];
  for (const op of ops) {
    if (op.kind === 'add') {
      if (current(op.path) !== null)
        throw new PatchApplyError(
          `cannot add ${op.path}: it already exists (use "*** Update File: ${op.path}" to change it)`,
        );
      overlay.set(op.path, op.lines.length === 0 ? '' : `${op.lines.join('\n')}\n`);
      summary.push(`A ${op.path}`);
    } else if (op.kind === 'delete') {
      if (current(op.path) === null) throw new PatchApplyError(`cannot delete ${op.path}: it does not exist`);
      overlay.set(op.path, null);
      summary.push(`D ${op.path}`);
    } else {
      const before = current(op.path);
      if (before === null)
        throw new PatchApplyError(
          `cannot update ${op.path}: it does not exist (use "*** Add File: ${op.path}" to create it)`,
        );
      const after = applyChunks(op.path, before, op.chunks, fuzzy);
      if (op.moveTo !== null && op.moveTo !== op.path) {
        if (current(op.moveTo) !== null)
          throw new PatchApplyError(`cannot move ${op.path} to ${op.moveTo}: ${op.moveTo} already exists`);
        overlay.set(op.path, null);
        overlay.set(op.moveTo, after);
        summary.push(`R ${op.path} -> ${op.moveTo}`);
      } else {
        overlay.set(op.path, after);
        summary.push(`M ${op.path}`);
      }
    }
  }
  return { writes: [...overlay].map(([path, content]) => ({ path, content })), summary, fuzzy };
}

function applyChunks(path: string, text: string, chunks: UpdateChunk[], fuzzy: PatchResult['fuzzy']): string {
  const hadNewline = text === '' || text.endsWith('\n');
  const lines = text === '' ? [] : text.split('\n');
  if (hadNewline && lines.length > 0) lines.pop();
  const replacements: { at: number; remove: number; insert: string[] }[] = [];
  let from = 0;
  for (const chunk of chunks) {
    if (chunk.context !== null) {
      const found = seekSequence(lines, [chunk.context], from);
      if (!found) throw notFound(path, lines, [chunk.context], from, 'the @@ context line');
      if (found.level !== 'exact') fuzzy.push({ path, level: found.level });
      from = found.index + 1;
    }
    if (chunk.oldLines.length === 0) {
      const at = chunk.context !== null ? from : lines.length;
      replacements.push({ at, remove: 0, insert: chunk.newLines });
      continue;
    }
    let pattern = chunk.oldLines;
    let found = seekSequence(lines, pattern, from, chunk.endOfFile);
    if (!found && pattern[pattern.length - 1] === '') {
      // A blank last context line often stands for the file's final newline.
      pattern = pattern.slice(0, -1);
      found = pattern.length > 0 ? seekSequence(lines, pattern, from, chunk.endOfFile) : null;
    }
    if (!found) throw notFound(path, lines, chunk.oldLines, from, 'the expected lines');
    if (found.level !== 'exact') fuzzy.push({ path, level: found.level });
    replacements.push({
      at: found.index,
      remove: pattern.length,
      insert: replacement(chunk, lines, found.index, pattern.length),
    });
    from = found.index + pattern.length;
  }
  replacements.sort((a, b) => a.at - b.at);
  for (let k = 1; k < replacements.length; k++) {
    const prev = replacements[k - 1];
    if (replacements[k].at < prev.at + prev.remove)
      throw new PatchApplyError(
        `two changes in ${path} overlap: split them differently or merge them into one @@ section`,
      );
  }
  for (let k = replacements.length - 1; k >= 0; k--) {
    const r = replacements[k];
    lines.splice(r.at, r.remove, ...r.insert);
  }
  if (lines.length === 0) return '';
  return lines.join('\n') + (hadNewline ? '\n' : '');
}

/** The chunk's new lines, with its context lines as the file has them (a relaxed match may differ). */
function replacement(chunk: UpdateChunk, lines: readonly string[], at: number, matched: number): string[] {
  const out: string[] = [];
  let k = 0;
  for (const { op, text } of chunk.ops) {
    if (op === '+') out.push(text);
    else if (k < matched) {
      if (op === ' ') out.push(lines[at + k]);
      k++;
    }
  }
  return out;
}

function notFound(
  path: string,
  lines: readonly string[],
  wanted: readonly string[],
  from: number,
  what: string,
): PatchApplyError {
  const shown =
    wanted
      .slice(0, 8)
      .map((l) => `  ${l}`)
      .join('\n') + (wanted.length > 8 ? `\n  … (${wanted.length - 8} more lines)` : '');
  const first = wanted.find((l) => l.trim() !== '') ?? '';
  const near = closestLine(lines, first);
  const hint =
    near === null
      ? `No line of ${path} looks like ${JSON.stringify(first.trim())}.`
      : `The closest line is ${near + 1}: ${JSON.stringify(lines[near])}.`;
  const after = from > 0 ? ` after line ${from}` : '';
  return new PatchApplyError(
    `could not find ${what} in ${path}${after}:\n${shown}\n${hint} Read the file again with read_file ` +
      'and resend the patch using its current lines as context. Nothing was changed.',
  );
}

export { PatchFormatError };
