// The workspace's own settings for Tandem: `tandem.json` at the workspace root (optional), e.g.
// { "validation": "npm test", "routing": { … }, "budgets": { … }, "approvals": { … } }. Re-read when it changes.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const WORKSPACE_CONFIG_FILE = 'tandem.json';

const schema = z.looseObject({
  validation: z.string().min(1).optional(),
  routing: z.unknown().optional(),
  budgets: z.unknown().optional(),
  // Checked where it is used (server/agents/approvalPolicy.ts): a bad value there must not break the rest.
  approvals: z.unknown().optional(),
  /** false: no inline completions in this workspace (docs/configuration.md). */
  autocomplete: z.boolean().optional(),
});
export type WorkspaceConfig = z.infer<typeof schema>;

export class WorkspaceConfigError extends Error {}

export class WorkspaceConfigFile {
  private cached: { stamp: string; config: WorkspaceConfig } | null = null;

  constructor(private readonly root: string) {}

  /** The current settings ({} when there is no file); a broken file throws with the reason. */
  read(): WorkspaceConfig {
    const file = path.join(this.root, WORKSPACE_CONFIG_FILE);
    // Read on every request (routing, budgets): a missing file must not cost a thrown error.
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st) {
      this.cached = null;
      return {};
    }
    const stamp = `${st.mtimeMs}:${st.size}`;
    if (this.cached?.stamp === stamp) return this.cached.config;
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new WorkspaceConfigError(`${WORKSPACE_CONFIG_FILE} is not valid JSON: ${(err as Error).message}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new WorkspaceConfigError(
        `${WORKSPACE_CONFIG_FILE} ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
    this.cached = { stamp, config: parsed.data };
    return parsed.data;
  }
}
