// The one diff shape of next-edit suggestions (pure): a hunk that says at which line of the file
// it starts, then its lines — `-` as they were (or are, for the answer), `+` as they become, ` `
// unchanged — the shape models know from unified diffs, minus the counts they get wrong. The
// prompt writes the person's recent edits in it and the model answers in it.

export type EditHunk = {
  /** 1-based line of the file where the hunk's first line is. */
  line: number;
  /** The hunk's lines before the edit (context and `-` lines, in order). */
  oldLines: string[];
  /** The hunk's lines after the edit (context and `+` lines, in order). */
  newLines: string[];
};

const HEADER = /^@@ line (\d+)\s*$/;

/** The hunk as text: its header, then the removed lines and the added lines. */
export function formatHunk(hunk: EditHunk): string {
  const removed = hunk.oldLines.map((l) => `-${l}`);
  const added = hunk.newLines.map((l) => `+${l}`);
  return [`@@ line ${hunk.line}`, ...removed, ...added].join('\n');
}

/**
 * The hunks of a text made of hunks (blank lines between them allowed), or an error that says
 * which line is not a hunk's. A blank line inside a hunk is an unchanged blank line (models drop
 * the space of an empty context line); blank lines at a hunk's end belong to no hunk.
 */
export function parseHunks(text: string): { hunks: EditHunk[] } | { error: string } {
  const hunks: EditHunk[] = [];
  let current: (EditHunk & { blanks: number }) | null = null;
  const lines = text.split('\n');
  const close = () => {
    if (current === null) return;
    const { blanks, ...hunk } = current;
    hunks.push({
      line: hunk.line,
      oldLines: hunk.oldLines.slice(0, hunk.oldLines.length - blanks),
      newLines: hunk.newLines.slice(0, hunk.newLines.length - blanks),
    });
    current = null;
  };
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const header = HEADER.exec(line);
    if (header) {
      close();
      const at = Number(header[1]);
      if (at < 1) return { error: `line ${i + 1}: a hunk starts at line 1 or later` };
      current = { line: at, oldLines: [], newLines: [], blanks: 0 };
      continue;
    }
    if (line.trim() === '' && (current === null || line === '' || line === ' ')) {
      if (current !== null) {
        current.oldLines.push('');
        current.newLines.push('');
        current.blanks++;
      }
      continue;
    }
    if (current === null) return { error: `line ${i + 1}: expected "@@ line N", got "${line.slice(0, 60)}"` };
    const sign = line[0];
    const body = line.slice(1);
    if (sign === '-') current.oldLines.push(body);
    else if (sign === '+') current.newLines.push(body);
    else if (sign === ' ') {
      current.oldLines.push(body);
      current.newLines.push(body);
    } else return { error: `line ${i + 1}: a hunk line starts with "-", "+" or " ", got "${line.slice(0, 60)}"` };
    current.blanks = 0;
  }
  close();
  return { hunks };
}
