// What the review lane reads for a background run's diff: each changed region of each text file
// as it is after the run, with a few lines of context, numbered as in the run's result. Pure.
import { diffHunks } from '../../lib/diff/hunks';
import type { RunDiffFile } from '../../lib/protocol/runs';
import type { ReviewFile } from '../models/formats/reviewRequest';

const CONTEXT = 3;

export function runDiffReviewFiles(files: readonly RunDiffFile[]): ReviewFile[] {
  const out: ReviewFile[] = [];
  for (const f of files) {
    if (f.binary || f.status === 'deleted') continue;
    const lines = f.resultText.split('\n');
    for (const h of diffHunks(f.baseText, f.resultText)) {
      if (h.newCount === 0) continue;
      const start = Math.max(0, h.newStart - CONTEXT);
      const end = Math.min(lines.length, h.newStart + h.newCount + CONTEXT);
      out.push({ path: f.path, startLine: start + 1, code: lines.slice(start, end).join('\n') });
    }
  }
  return out;
}
