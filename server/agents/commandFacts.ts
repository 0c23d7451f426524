// The facts a command's evidence carries before it has run (or when it never runs): not cut, no
// exit code or duration yet, not timed out or cancelled. One place for the agent's commands and a
// run's validation, so the two kinds of evidence start alike.
export function commandNotRunYet<C extends string | null>(command: C, sandboxed: boolean) {
  return {
    command,
    truncated: false,
    exitCode: null,
    durationMs: null,
    timedOut: false,
    cancelled: false,
    sandboxed,
  };
}
