// The review lane's request format, the product's own (server/review/reviewPrompt.ts writes it;
// the simulated model parses it):
// the last user message carries the request and the code to read, delimited like
//   <review-request>find bugs in this</review-request>
//   <file path="src/cart.ts" start="14">
//   …code, its first line being line 14 of the file…
//   </file>
// The answer is JSON: {"findings":[{"path","startLine","endLine","severity","message"}]}.
import { escapeAttr, unescapeAttr } from './editRequest';

export type ReviewFile = { path: string; startLine: number; code: string };
export type ReviewRequest = { instruction: string; files: ReviewFile[] };

export function formatReviewRequest(r: ReviewRequest): string {
  const files = r.files.map((f) => `<file path="${escapeAttr(f.path)}" start="${f.startLine}">\n${f.code}\n</file>`);
  return [`<review-request>${r.instruction}</review-request>`, ...files].join('\n');
}

export function parseReviewRequest(message: string): ReviewRequest | null {
  const head = /<review-request>([\s\S]*?)<\/review-request>/.exec(message);
  if (!head) return null;
  const files: ReviewFile[] = [];
  const re = /<file path="([^"]*)" start="(\d+)">\n([\s\S]*?)\n<\/file>/g;
  for (let m = re.exec(message); m; m = re.exec(message))
    files.push({ path: unescapeAttr(m[1]), startLine: Number(m[2]), code: m[3] });
  return { instruction: head[1].trim(), files };
}
