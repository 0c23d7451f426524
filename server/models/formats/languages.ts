// Just enough knowledge of languages for the edit formats: the language of a path (the fast lane
// names it in an edit request), what an editor's language id means, and how to write a comment
// line in it (so even the simulated model's "I did not understand" is a well-formed rewrite).
const BY_EXTENSION: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  rb: 'ruby',
  sh: 'shell',
  bash: 'shell',
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  cs: 'csharp',
  swift: 'swift',
  php: 'php',
  sql: 'sql',
  lua: 'lua',
  hs: 'haskell',
  html: 'html',
  xml: 'xml',
  svg: 'xml',
  vue: 'html',
  md: 'markdown',
  css: 'css',
  scss: 'css',
  json: 'json',
};

const HASH = new Set(['python', 'ruby', 'shell', 'yaml', 'toml', 'perl', 'r', 'dockerfile', 'makefile']);
const DASHES = new Set(['sql', 'lua', 'haskell']);
const MARKUP = new Set(['html', 'xml', 'markdown']);

export function languageOfPath(path: string | null): string | null {
  if (!path) return null;
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return BY_EXTENSION[ext] ?? null;
}

/** Normalises what an editor may call a language ("typescriptreact", "TS", "py", …). */
export function normaliseLanguage(language: string | null, path: string | null): string {
  const raw = (language ?? '').toLowerCase();
  if (raw.startsWith('typescript') || raw === 'ts' || raw === 'tsx') return 'typescript';
  if (raw.startsWith('javascript') || raw === 'js' || raw === 'jsx') return 'javascript';
  if (raw === 'py') return 'python';
  return raw || languageOfPath(path) || 'typescript';
}

export function isJsLike(language: string): boolean {
  return language === 'typescript' || language === 'javascript';
}

/** The line-comment token, or null for languages with only block comments. */
export function lineCommentToken(language: string): string | null {
  if (HASH.has(language)) return '#';
  if (DASHES.has(language)) return '--';
  if (MARKUP.has(language) || language === 'css' || language === 'json') return null;
  return '//';
}

/** One comment line (without newline) saying `text`, in the language's syntax. */
export function commentLine(language: string, text: string): string {
  const token = lineCommentToken(language);
  if (token !== null) return `${token} ${text}`;
  if (language === 'css') return `/* ${text} */`;
  if (language === 'json') return `// ${text}`; // JSON has no comments; JSONC (VS Code) accepts this
  return `<!-- ${text} -->`;
}
