// Who a token is (issue 14): the workspace token printed at start is the owner's; an invitation's
// token gives its role and its name. Also makes, lists and revokes invitations; the caller (app.ts)
// disconnects a revoked invitation's sockets, which all sit in its room.
import type { Invite, InviteRole, Role } from '../../lib/protocol/people';
import { REVOKED_MESSAGE } from '../../lib/protocol/people';
import { hashesMatch, hashToken, makeInvite, publicInvite, type InviteStore } from './inviteStore';
import { tokensMatch } from './token';

export type Identity = {
  role: Role;
  /** The invitation's name, if it gave one (else the person's own typed name is used). */
  name: string | null;
  inviteId: string | null;
};

export type Resolution = { ok: true; identity: Identity } | { ok: false; reason: 'wrong' | 'revoked' };

/** The Socket.IO room of every connection opened with one invitation. */
export const inviteRoomName = (id: string) => `invite:${id}`;

export function unauthorizedMessage(reason: 'wrong' | 'revoked'): string {
  return reason === 'revoked' ? REVOKED_MESSAGE : 'wrong workspace token';
}

export class People {
  constructor(
    private readonly ownerToken: string,
    readonly invites: InviteStore,
  ) {}

  async resolve(token: string): Promise<Resolution> {
    if (tokensMatch(this.ownerToken, token))
      return { ok: true, identity: { role: 'owner', name: null, inviteId: null } };
    const hash = hashToken(token);
    const found = await this.invites.byTokenHash(hash);
    if (!found || !hashesMatch(found.tokenHash, hash)) return { ok: false, reason: 'wrong' };
    if (found.revokedAt !== null) return { ok: false, reason: 'revoked' };
    return { ok: true, identity: { role: found.role, name: found.name, inviteId: found.id } };
  }

  /** A new invitation; its token is returned here only, never stored or listed. */
  async invite(role: InviteRole, name: string | null): Promise<{ invite: Invite; token: string }> {
    const { record, token } = makeInvite(role, name, Date.now());
    await this.invites.add(record);
    return { invite: publicInvite(record), token };
  }

  list(): Promise<Invite[]> {
    return this.invites.list();
  }

  /** False once the invitation is revoked (or gone). */
  async stillValid(inviteId: string): Promise<boolean> {
    const invite = await this.invites.byId(inviteId);
    return invite !== null && invite.revokedAt === null;
  }

  revoke(id: string): Promise<Invite | null> {
    return this.invites.revoke(id, Date.now());
  }
}
