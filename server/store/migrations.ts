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
];
