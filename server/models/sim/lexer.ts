// Splits source into code, string and comment segments so rewrites can rename identifiers only in
// code and change only string literals. Knows C-family/JS (including template literals whose
// `${…}` parts are code), and '#'/'--' line comments. Not a full tokenizer: enough for the
// simulated model's rewrites, and concatenating the segments always gives back the input.
import { isJsLike, lineCommentToken } from '../formats/languages';

export type Segment = { kind: 'code' | 'string' | 'comment'; text: string };

export function lex(source: string, language: string): Segment[] {
  const out: Segment[] = [];
  const lineToken = lineCommentToken(language);
  const blockComments = lineToken === '//' || language === 'css';
  const backticks = isJsLike(language);
  const tripleQuotes = language === 'python';
  let i = 0;
  let code = i;

  const push = (kind: Segment['kind'], end: number) => {
    if (code < i) out.push({ kind: 'code', text: source.slice(code, i) });
    out.push({ kind, text: source.slice(i, end) });
    i = end;
    code = end;
  };
  const endOfLine = (from: number) => {
    const nl = source.indexOf('\n', from);
    return nl === -1 ? source.length : nl;
  };
  const endOfQuote = (from: number, quote: string) => {
    for (let j = from; j < source.length; j++) {
      const c = source[j];
      if (c === '\\') j++;
      else if (c === quote) return j + 1;
      else if (c === '\n') return j;
    }
    return source.length;
  };

  // Template literal: string parts alternate with code parts inside ${…}.
  const template = () => {
    let start = i;
    let j = i + 1;
    while (j < source.length) {
      const c = source[j];
      if (c === '\\') j += 2;
      else if (c === '`') {
        j++;
        break;
      } else if (c === '$' && source[j + 1] === '{') {
        i = start;
        push('string', j + 2);
        let depth = 1;
        let k = j + 2;
        while (k < source.length && depth > 0) {
          if (source[k] === '{') depth++;
          else if (source[k] === '}') depth--;
          k++;
        }
        const inner = source.slice(i, k - 1);
        for (const seg of lex(inner, language)) out.push(seg);
        i = k - 1;
        code = i;
        start = i;
        j = k;
      } else j++;
    }
    push('string', Math.min(j, source.length));
  };

  while (i < source.length) {
    const c = source[i];
    const rest2 = source.slice(i, i + 2);
    if (lineToken !== null && source.startsWith(lineToken, i)) push('comment', endOfLine(i));
    else if (blockComments && rest2 === '/*') {
      const close = source.indexOf('*/', i + 2);
      push('comment', close === -1 ? source.length : close + 2);
    } else if (tripleQuotes && (source.startsWith('"""', i) || source.startsWith("'''", i))) {
      const close = source.indexOf(source.slice(i, i + 3), i + 3);
      push('string', close === -1 ? source.length : close + 3);
    } else if (c === '"' || c === "'") push('string', endOfQuote(i + 1, c));
    else if (c === '`' && backticks) template();
    else i++;
  }
  if (code < i) out.push({ kind: 'code', text: source.slice(code, i) });
  return out;
}

/** Applies `fn` to the code segments only. */
export function mapCode(source: string, language: string, fn: (code: string) => string): string {
  return lex(source, language)
    .map((s) => (s.kind === 'code' ? fn(s.text) : s.text))
    .join('');
}
