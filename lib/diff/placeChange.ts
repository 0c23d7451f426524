// Why: the same change can often be placed in several equivalent ways (an added line that shares
// its indentation with the next one, a renamed word sharing a letter with the old name). The ghost
// diff should look like what a person would write: whole lines added or removed, whole words
// replaced, never half a surrogate pair. This picks that placement before a change is committed.

/** A change between an original and an output: where it starts in each, and its two sizes. */
export interface PlacedChange {
  /** Original offset where the change starts. */
  oldFrom: number;
  /** Output offset (relative to the text given) where the change starts. */
  outFrom: number;
  deleted: number;
  inserted: number;
}

/**
 * Places a change that starts right after an equal run: `output[0, outFrom)` equals
 * `original[oldFrom - outFrom, oldFrom)`. A pure insertion or deletion slides back through that
 * run as far as it stays the same text; a replacement grows at both ends to whole words; and
 * either side grows by one unit where it would split a surrogate pair.
 */
export function placeChange(original: string, output: string, change: PlacedChange): PlacedChange {
  let { oldFrom, outFrom, deleted, inserted } = change;
  if (inserted === 0) {
    while (outFrom > 0 && original.charCodeAt(oldFrom - 1) === original.charCodeAt(oldFrom + deleted - 1)) {
      outFrom--;
      oldFrom--;
    }
  } else if (deleted === 0) {
    while (outFrom > 0 && output.charCodeAt(outFrom - 1) === output.charCodeAt(outFrom + inserted - 1)) {
      outFrom--;
      oldFrom--;
    }
  } else {
    while (
      outFrom > 0 &&
      isWordCode(output.charCodeAt(outFrom - 1)) &&
      isWordCode(output.charCodeAt(outFrom)) &&
      isWordCode(original.charCodeAt(oldFrom))
    ) {
      outFrom--;
      oldFrom--;
      deleted++;
      inserted++;
    }
    for (
      let out = outFrom + inserted, old = oldFrom + deleted;
      isWordCode(output.charCodeAt(out)) &&
      output.charCodeAt(out) === original.charCodeAt(old) &&
      isWordCode(output.charCodeAt(out - 1)) &&
      isWordCode(original.charCodeAt(old - 1));
      out++, old++
    ) {
      deleted++;
      inserted++;
    }
  }
  // Never split a surrogate pair: between the change and the equal text before it, or at the
  // end of the deleted or the inserted text.
  if (outFrom > 0 && isHighSurrogate(output.charCodeAt(outFrom - 1))) {
    outFrom--;
    oldFrom--;
    deleted++;
    inserted++;
  }
  if (deleted > 0 && splitsPair(original, oldFrom + deleted)) deleted++;
  if (inserted > 0 && splitsPair(output, outFrom + inserted)) inserted++;
  return { oldFrom, outFrom, deleted, inserted };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** True when `text[at - 1]` and `text[at]` are the two halves of one surrogate pair. */
function splitsPair(text: string, at: number): boolean {
  const low = text.charCodeAt(at);
  return isHighSurrogate(text.charCodeAt(at - 1)) && low >= 0xdc00 && low <= 0xdfff;
}

/** Letters, digits, `_` and `$` (and, roughly, any non-ASCII character): parts of identifiers. */
function isWordCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 36 ||
    code > 127
  );
}
