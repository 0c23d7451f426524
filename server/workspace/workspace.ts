// The workspace folder on disk: the only code that turns wire paths into file system paths.
// Every path is confined to the root, including through symlinks, before anything is read or written.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  MAX_DOC_BYTES,
  MAX_TREE_FILES,
  ProtocolFailure,
  workspacePathSchema,
  type Eol,
  type FileEntry,
} from '../../lib/protocol';
import { isInside, realpathOfExistingPrefix } from './realPath';
import { decodeText, encodeText } from './textFile';
import { saveTemporaryFor, walkFiles } from './walkFiles';

export class Workspace {
  readonly root: string;

  constructor(root: string) {
    this.root = fs.realpathSync(root);
  }

  get name(): string {
    return path.basename(this.root);
  }

  /** Maps a wire path to an absolute path inside the root, or refuses with a clear message. */
  resolve(rel: string): string {
    const parsed = workspacePathSchema.safeParse(rel);
    if (!parsed.success)
      throw new ProtocolFailure('forbidden', `refused path ${JSON.stringify(rel)}: ${parsed.error.issues[0]?.message}`);
    // A repository's .git is Tandem's plumbing, not the workspace: its config can name commands
    // that git runs outside the sandbox when a run is snapshotted or diffed.
    if (rel.split(/[\\/]/).includes('.git'))
      throw new ProtocolFailure('forbidden', `refused path ${JSON.stringify(rel)}: .git is not part of the workspace`);
    const abs = path.resolve(this.root, rel);
    if (!isInside(abs, this.root))
      throw new ProtocolFailure('forbidden', `refused path ${JSON.stringify(rel)}: outside the workspace`);
    const real = realpathOfExistingPrefix(abs);
    if (!isInside(real, this.root)) {
      throw new ProtocolFailure(
        'forbidden',
        `refused path ${JSON.stringify(rel)}: a symlink points outside the workspace`,
      );
    }
    return abs;
  }

  relative(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/');
  }

  async listFiles(): Promise<{ files: FileEntry[]; truncated: boolean }> {
    const { files, complete } = walkFiles(this.root, this.root, MAX_TREE_FILES);
    const entries: FileEntry[] = [];
    for (const abs of files) {
      try {
        entries.push({ path: this.relative(abs), size: fs.statSync(abs).size });
      } catch {
        // removed while we looked
      }
    }
    return { files: entries, truncated: !complete };
  }

  /** Reads a file for the editor: LF text plus the line ending to write back with. */
  async readText(rel: string): Promise<{ text: string; eol: Eol } | null> {
    const abs = this.resolve(rel);
    let st: fs.Stats;
    try {
      st = await fsp.stat(abs);
    } catch {
      return null;
    }
    if (!st.isFile()) throw new ProtocolFailure('bad_request', `${rel} is not a file`);
    if (st.size > MAX_DOC_BYTES) {
      throw new ProtocolFailure(
        'too_large',
        `${rel} is ${st.size} bytes; files over ${MAX_DOC_BYTES} bytes (2 MiB) are not opened in the editor`,
      );
    }
    const decoded = decodeText(await fsp.readFile(abs));
    if (!decoded)
      throw new ProtocolFailure('binary', `${rel} looks like a binary file and is not opened in the editor`);
    return decoded;
  }

  /** Writes through a temporary file and a rename, so a crash never leaves a half-written file. */
  async writeText(rel: string, text: string, eol: Eol): Promise<void> {
    const abs = this.resolve(rel);
    await fsp.mkdir(path.dirname(abs), { recursive: true });
    const tmp = saveTemporaryFor(abs);
    let mode: number | undefined;
    try {
      mode = (await fsp.stat(abs)).mode;
    } catch {
      mode = undefined;
    }
    await fsp.writeFile(tmp, encodeText(text, eol), mode === undefined ? undefined : { mode });
    await fsp.rename(tmp, abs);
  }

  /** Makes an empty file (and its folders) unless one is already there. */
  async createEmpty(rel: string): Promise<void> {
    const abs = this.resolve(rel);
    await fsp.mkdir(path.dirname(abs), { recursive: true });
    try {
      await fsp.writeFile(abs, '', { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }

  /** Deletes a file; a file already gone is not an error. */
  async remove(rel: string): Promise<void> {
    await fsp.rm(this.resolve(rel), { force: true });
  }
}
