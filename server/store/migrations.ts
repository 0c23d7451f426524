// Schema history: append a new entry for every change; never edit one that has shipped.
export const migrations: string[] = [
  `
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX doc_updates_doc ON doc_updates (doc, seq);
  CREATE TABLE doc_meta (
    doc TEXT PRIMARY KEY,
    disk_hash TEXT NOT NULL,
    eol TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE fast_turns (
    request_id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    path TEXT NOT NULL,
    by_name TEXT NOT NULL,
    instruction TEXT NOT NULL,
    redirects TEXT NOT NULL,
    start_line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    original TEXT NOT NULL,
    output TEXT NOT NULL,
    outcome TEXT NOT NULL,
    model TEXT NOT NULL,
    metrics TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX fast_turns_path ON fast_turns (workspace, path, created_at);
  `,
  `
  CREATE TABLE usage_daily (
    workspace TEXT NOT NULL,
    day TEXT NOT NULL,
    lane TEXT NOT NULL,
    person TEXT NOT NULL,
    tokens_in INTEGER NOT NULL,
    tokens_out INTEGER NOT NULL,
    PRIMARY KEY (workspace, day, lane, person)
  );
  `,
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    status TEXT NOT NULL,
    instruction TEXT NOT NULL,
    request TEXT NOT NULL,
    validation TEXT NOT NULL,
    by_name TEXT NOT NULL,
    state TEXT NOT NULL,
    snapshot TEXT,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER
  );
  CREATE INDEX runs_workspace ON runs (workspace, created_at);
  CREATE TABLE run_events (
    run_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE run_diff_files (
    run_id TEXT NOT NULL,
    path TEXT NOT NULL,
    status TEXT NOT NULL,
    binary INTEGER NOT NULL,
    base_text TEXT NOT NULL,
    result_text TEXT NOT NULL,
    patch TEXT NOT NULL,
    PRIMARY KEY (run_id, path)
  );
  CREATE TABLE run_hunk_decisions (
    run_id TEXT NOT NULL,
    path TEXT NOT NULL,
    hunk_id TEXT NOT NULL,
    decision TEXT NOT NULL,
    by_name TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (run_id, path, hunk_id)
  );
  CREATE TABLE run_queue (
    run_id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    enqueued_at INTEGER NOT NULL,
    claimed_at INTEGER
  );
  CREATE INDEX run_queue_order ON run_queue (workspace, claimed_at, enqueued_at);
  `,
  `
  ALTER TABLE fast_turns ADD COLUMN reason TEXT NOT NULL DEFAULT '';
  `,
  `
  ALTER TABLE usage_daily ADD COLUMN estimated_tokens INTEGER NOT NULL DEFAULT 0;
  `,
  `
  ALTER TABLE fast_turns ADD COLUMN intent TEXT NOT NULL DEFAULT 'edit';
  ALTER TABLE fast_turns ADD COLUMN alternative TEXT;
  `,
  `
  ALTER TABLE fast_turns ADD COLUMN info TEXT;
  ALTER TABLE fast_turns ADD COLUMN message TEXT;
  ALTER TABLE fast_turns ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
  `,
  `
  CREATE TABLE invites (
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    name TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  `,
  `
  CREATE TABLE doc_generations (
    doc TEXT PRIMARY KEY,
    generation INTEGER NOT NULL
  );
  `,
];
