// Invitations (issue 14): the interface both stores implement (SQLite embedded, Redis in a cluster,
// so every node knows every invitation), and the token rules — random, kept only as a SHA-256
// hash, compared in constant time. A token is shown once, to the owner who made it.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Invite, InviteRole } from '../../lib/protocol/people';

export type InviteRecord = Invite & { tokenHash: string };

export interface InviteStore {
  add(record: InviteRecord): Promise<void>;
  /** Every invitation, oldest first (revoked ones too), without hashes. */
  list(): Promise<Invite[]>;
  byTokenHash(tokenHash: string): Promise<InviteRecord | null>;
  byId(id: string): Promise<Invite | null>;
  /** Marks it revoked (once: a second revoke keeps the first time); null when there is no such id. */
  revoke(id: string, at: number): Promise<Invite | null>;
  close(): Promise<void>;
}

/** 192 random bits, URL-safe: high enough entropy that an unsalted SHA-256 is a safe way to keep it. */
export const newInviteToken = () => randomBytes(24).toString('base64url');

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export function hashesMatch(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A new invitation and the token that opens it (the store keeps only the hash). */
export function makeInvite(
  role: InviteRole,
  name: string | null,
  now: number,
): { record: InviteRecord; token: string } {
  const token = newInviteToken();
  return {
    token,
    record: { id: randomUUID(), role, name, createdAt: now, revokedAt: null, tokenHash: hashToken(token) },
  };
}

export const publicInvite = ({ id, role, name, createdAt, revokedAt }: InviteRecord): Invite => ({
  id,
  role,
  name,
  createdAt,
  revokedAt,
});
