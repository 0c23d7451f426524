// The simulated model's "tokens": about four characters each, cut the same way every time, so that
// tokens per second mean roughly what they mean for a real model on code. Never splits a surrogate pair.
export const CHARS_PER_TOKEN = 4;

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let start = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) i++; // high surrogate: keep the pair
    if (++count === CHARS_PER_TOKEN) {
      tokens.push(text.slice(start, i + 1));
      start = i + 1;
      count = 0;
    }
  }
  if (start < text.length) tokens.push(text.slice(start));
  return tokens;
}

export function countTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
