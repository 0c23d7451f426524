// Settings are read from a plain map of environment variables (process.env or a test's own).
export type Env = Readonly<Record<string, string | undefined>>;
