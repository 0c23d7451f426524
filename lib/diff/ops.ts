// Why: every character diff in Tandem (streamed, exact, interrupted) is one flat list of runs,
// so the ghost painter, the diff review panel and the tests share one shape and one set of helpers.

export type DiffOpKind = 'equal' | 'insert' | 'delete';

/** A run of characters: `equal` is in both texts, `insert` only in the new one, `delete` only in the old one. */
export interface DiffOp {
  kind: DiffOpKind;
  text: string;
}

/** The old text a list of ops describes (equal + delete runs, in order). */
export function originalOf(ops: readonly DiffOp[]): string {
  let text = '';
  for (const op of ops) if (op.kind !== 'insert') text += op.text;
  return text;
}

/** The new text a list of ops describes (equal + insert runs, in order). */
export function outputOf(ops: readonly DiffOp[]): string {
  let text = '';
  for (const op of ops) if (op.kind !== 'delete') text += op.text;
  return text;
}

/**
 * Applies ops to `original`, checking that every equal and delete run matches the text it claims
 * to cover. Ops may cover only a prefix of `original`; the uncovered rest is kept as it is.
 */
export function applyOps(original: string, ops: readonly DiffOp[]): string {
  let at = 0;
  let text = '';
  for (const op of ops) {
    if (op.kind === 'insert') {
      text += op.text;
      continue;
    }
    if (!original.startsWith(op.text, at)) {
      throw new Error(`diff op does not match the original at offset ${at}`);
    }
    if (op.kind === 'equal') text += op.text;
    at += op.text.length;
  }
  return text + original.slice(at);
}

/** Merges adjacent runs of the same kind and drops empty runs; within a change, deletes come first. */
export function coalesce(ops: readonly DiffOp[]): DiffOp[] {
  const result: DiffOp[] = [];
  let deleted = '';
  let inserted = '';
  const flushChange = () => {
    if (deleted) result.push({ kind: 'delete', text: deleted });
    if (inserted) result.push({ kind: 'insert', text: inserted });
    deleted = '';
    inserted = '';
  };
  for (const op of ops) {
    if (op.kind === 'delete') deleted += op.text;
    else if (op.kind === 'insert') inserted += op.text;
    else if (op.text) {
      flushChange();
      const last = result[result.length - 1];
      if (last?.kind === 'equal') last.text += op.text;
      else result.push({ kind: 'equal', text: op.text });
    }
  }
  flushChange();
  return result;
}
