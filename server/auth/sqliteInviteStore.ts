// Invitations in the embedded database (the data folder), so they outlive a restart.
import type { Invite } from '../../lib/protocol/people';
import type { Db } from '../store/db';
import { publicInvite, type InviteRecord, type InviteStore } from './inviteStore';

type Row = {
  id: string;
  role: 'editor' | 'viewer';
  name: string | null;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
};

const fromRow = (r: Row): InviteRecord => ({
  id: r.id,
  role: r.role,
  name: r.name,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export class SqliteInviteStore implements InviteStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      add: db.prepare(
        'INSERT INTO invites (id, role, name, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      list: db.prepare<[], Row>('SELECT * FROM invites ORDER BY created_at, rowid'),
      byHash: db.prepare<[string], Row>('SELECT * FROM invites WHERE token_hash = ?'),
      byId: db.prepare<[string], Row>('SELECT * FROM invites WHERE id = ?'),
      revoke: db.prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    };
  }

  async add(r: InviteRecord): Promise<void> {
    this.stmts.add.run(r.id, r.role, r.name, r.tokenHash, r.createdAt, r.revokedAt);
  }

  async list(): Promise<Invite[]> {
    return this.stmts.list.all().map((r) => publicInvite(fromRow(r)));
  }

  async byTokenHash(tokenHash: string): Promise<InviteRecord | null> {
    const row = this.stmts.byHash.get(tokenHash);
    return row ? fromRow(row) : null;
  }

  async byId(id: string): Promise<Invite | null> {
    const row = this.stmts.byId.get(id);
    return row ? publicInvite(fromRow(row)) : null;
  }

  async revoke(id: string, at: number): Promise<Invite | null> {
    this.stmts.revoke.run(at, id);
    const row = this.stmts.byId.get(id);
    return row ? publicInvite(fromRow(row)) : null;
  }

  async close(): Promise<void> {}
}
