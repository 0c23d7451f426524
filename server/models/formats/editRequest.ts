// The fast lane's edit prompt format, the product's own (server/fastlane/prompt.ts writes it, any
// model reads it; the simulated model parses it):
// the last user message carries the instruction and the code range, delimited like
//   <instruction>rename total to sum</instruction>
//   <code path="src/app.ts" language="typescript">
//   …original range…
//   </code>
// A question about the range (the fast lane's answers) has <question> in place of <instruction>;
// alternative k of n carries alternative="k/n" on <code> (k from 1); text the request takes along
// (an earlier answer) comes first as <context>…</context>. All three are absent on a plain edit.
// The request is optionally followed by <partial>…</partial> (output already streamed before a redirect) and
// <correction>…</correction> (the redirect's new instruction). Format and parse are pure and
// round-trip exactly: block bodies sit between a newline after the open tag and one before the close.
// The answer to a request with a partial either continues it (only the text after it) or starts
// with RESTART_MARKER on its own line, then the complete rewrite.

export const EDIT_TAGS = {
  instruction: 'instruction',
  question: 'question',
  context: 'context',
  code: 'code',
  partial: 'partial',
  correction: 'correction',
} as const;

export const RESTART_MARKER = '<restart/>';

export type EditRequest = {
  instruction: string;
  path: string | null;
  language: string | null;
  code: string;
  partial: string | null;
  correction: string | null;
  /** Absent: an edit. */
  intent?: 'edit' | 'answer';
  /** One of several alternatives (index from 0). */
  alternative?: { index: number; of: number } | null;
  context?: string | null;
  /** The file line the code starts at (1-based), so an answer can name lines as the person sees them. */
  firstLine?: number | null;
};

/** Escapes a value for a double-quoted attribute of these prompt formats (the review one too). */
export function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

export function unescapeAttr(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

export function formatEditRequest(request: EditRequest): string {
  const { alternative, context } = request;
  const attrs = [
    request.path !== null ? ` path="${escapeAttr(request.path)}"` : '',
    request.language !== null ? ` language="${escapeAttr(request.language)}"` : '',
    alternative ? ` alternative="${alternative.index + 1}/${alternative.of}"` : '',
    request.firstLine ? ` first-line="${request.firstLine}"` : '',
  ].join('');
  const ask = request.intent === 'answer' ? EDIT_TAGS.question : EDIT_TAGS.instruction;
  const parts = [
    ...(context ? [`<${EDIT_TAGS.context}>\n${context}\n</${EDIT_TAGS.context}>`] : []),
    `<${ask}>${request.instruction}</${ask}>`,
    `<${EDIT_TAGS.code}${attrs}>\n${request.code}\n</${EDIT_TAGS.code}>`,
  ];
  if (request.partial !== null) parts.push(`<${EDIT_TAGS.partial}>\n${request.partial}\n</${EDIT_TAGS.partial}>`);
  if (request.correction !== null) parts.push(formatCorrection(request.correction));
  return parts.join('\n');
}

/**
 * A correction sent on its own while the answer streams (a native steer): the answer so far plays
 * the part of the <partial>, and the reply follows the same continue-or-restart rule.
 */
export function formatCorrection(correction: string): string {
  return `<${EDIT_TAGS.correction}>${correction}</${EDIT_TAGS.correction}>`;
}

/** Peels a trailing `<tag>…</tag>` block off `text`; the body loses one newline at each end. */
function peel(text: string, tag: string): { body: string; rest: string } | null {
  const close = `</${tag}>`;
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith(close)) return null;
  const open = trimmed.lastIndexOf(`<${tag}>`);
  if (open === -1) return null;
  let body = trimmed.slice(open + tag.length + 2, trimmed.length - close.length);
  if (body.startsWith('\n')) body = body.slice(1);
  if (body.endsWith('\n')) body = body.slice(0, -1);
  return { body, rest: text.slice(0, open) };
}

/** Parses an edit request out of a user message (every field set); null when the message is not one. */
export function parseEditRequest(message: string): Required<EditRequest> | null {
  let rest = message;
  let partial: string | null = null;
  let correction: string | null = null;
  for (let again = true; again;) {
    again = false;
    const c: ReturnType<typeof peel> = correction === null ? peel(rest, EDIT_TAGS.correction) : null;
    if (c) [correction, rest, again] = [c.body.trim(), c.rest, true];
    const p: ReturnType<typeof peel> = partial === null ? peel(rest, EDIT_TAGS.partial) : null;
    if (p) [partial, rest, again] = [p.body, p.rest, true];
  }
  // A context block comes first and ends right before the question or instruction.
  let context: string | null = null;
  const contextOpen = `<${EDIT_TAGS.context}>\n`;
  if (rest.startsWith(contextOpen)) {
    const close = /\n<\/context>\n(?=<(instruction|question)>)/.exec(rest);
    if (close)
      [context, rest] = [rest.slice(contextOpen.length, close.index), rest.slice(close.index + close[0].length)];
  }
  // Whichever tag comes first (the code may contain the other).
  const [edit, question] = [rest.indexOf(`<${EDIT_TAGS.instruction}>`), rest.indexOf(`<${EDIT_TAGS.question}>`)];
  const intent = edit !== -1 && (question === -1 || edit < question) ? 'edit' : 'answer';
  const ask = intent === 'edit' ? EDIT_TAGS.instruction : EDIT_TAGS.question;
  const iOpen = rest.indexOf(`<${ask}>`);
  const iClose = rest.indexOf(`</${ask}>`, iOpen);
  if (iOpen === -1 || iClose === -1) return null;
  const instruction = rest.slice(iOpen + ask.length + 2, iClose).trim();
  const codeOpen = rest.slice(iClose).match(/<code((?:\s+[\w-]+="[^"]*")*)\s*>/);
  const closeTag = `</${EDIT_TAGS.code}>`;
  const trimmed = rest.trimEnd();
  if (!codeOpen || !trimmed.endsWith(closeTag)) return null;
  const bodyStart = iClose + codeOpen.index! + codeOpen[0].length;
  let code = trimmed.slice(bodyStart, trimmed.length - closeTag.length);
  if (code.startsWith('\n')) code = code.slice(1);
  if (code.endsWith('\n')) code = code.slice(0, -1);
  const attrs = Object.fromEntries(
    [...codeOpen[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, unescapeAttr(m[2]!)]),
  );
  const alt = /^(\d)\/(\d)$/.exec(attrs.alternative ?? '');
  const firstLine = /^[1-9]\d{0,8}$/.test(attrs['first-line'] ?? '') ? Number(attrs['first-line']) : null;
  return {
    instruction,
    path: attrs.path ?? null,
    language: attrs.language ?? null,
    code,
    partial,
    correction,
    intent,
    alternative: alt ? { index: Number(alt[1]) - 1, of: Number(alt[2]) } : null,
    context,
    firstLine,
  };
}
