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
];
