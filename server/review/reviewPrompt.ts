// Builds the review lane's request and reads its answer: pure functions. The model is asked for
// JSON findings; the answer is read tolerantly (fences, chatter) but every finding is validated
// and kept inside the code it was shown.
import { findingSchema, type Finding } from '../../lib/protocol/review';
import type { ChatMessage } from '../models/types';
import { formatReviewRequest, type ReviewFile } from '../models/formats/reviewRequest';

export const REVIEW_SYSTEM_PROMPT = [
  'You review code. Read the files and report problems: bugs, unsafe behaviour, unclear code.',
  'Reply with ONLY a JSON object: ' +
    '{"findings":[{"path":"…","startLine":N,"endLine":N,"severity":"info"|"warning"|"error","message":"…"}]}.',
  "Line numbers are the file's own (each file block says its first line). " +
    'Report nothing you are not confident about; an empty list is fine.',
].join('\n');

export function buildReviewMessages(instruction: string, files: ReviewFile[]): ChatMessage[] {
  return [
    { role: 'system', content: REVIEW_SYSTEM_PROMPT },
    { role: 'user', content: formatReviewRequest({ instruction, files }) },
  ];
}

export function parseFindings(
  answer: string,
  files: ReviewFile[],
): { findings: Omit<Finding, 'id'>[]; dropped: number } {
  const start = answer.indexOf('{');
  const end = answer.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('the review model did not answer with JSON findings');
  let json: unknown;
  try {
    json = JSON.parse(answer.slice(start, end + 1));
  } catch (err) {
    throw new Error(`the review model's JSON could not be read: ${(err as Error).message}`, { cause: err });
  }
  const list = (json as { findings?: unknown }).findings;
  if (!Array.isArray(list)) throw new Error('the review model\'s answer has no "findings" list');
  const findings: Omit<Finding, 'id'>[] = [];
  let dropped = 0;
  for (const item of list) {
    const parsed = findingSchema.safeParse(item);
    const file = parsed.success ? files.find((f) => f.path === parsed.data.path) : undefined;
    const last = file ? file.startLine + file.code.split('\n').length - 1 : 0;
    if (
      !parsed.success ||
      !file ||
      parsed.data.startLine < file.startLine ||
      parsed.data.endLine > last ||
      parsed.data.endLine < parsed.data.startLine
    ) {
      dropped++;
      continue;
    }
    findings.push(parsed.data);
  }
  return { findings, dropped };
}
