// Invitations in cluster mode, with a real redis-server and two web nodes: an invitation made on one
// node opens the other, and revoking it on one node disconnects its connection on the other at once.
import { describe, expect, it } from 'vitest';
import { clusterFixture } from '../cluster/clusterFixture';
import { makeWorkspace, waitFor } from '../testing/fixtures';
import { api, connectAs, createInvite } from '../testing/people';

const fx = clusterFixture();

describe('invitations across nodes', () => {
  it('made on node A, used on node B, revoked on A: B disconnects it with the message', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws);
    const b = await fx.node('b', ws);
    const invite = await createInvite(a.url, 'viewer', 'Vera');
    expect((await api(b.url, 'GET', '/api/invites')).body.invites).toEqual([
      expect.objectContaining({ id: invite.id, role: 'viewer', name: 'Vera' }),
    ]);
    const vera = await connectAs(b.url, invite.token);
    await waitFor(() => vera.role() !== null, 10_000, 'session/role on B');
    expect(vera.role()).toEqual({ role: 'viewer', name: 'Vera', invited: true });
    let reason: string | null = null;
    vera.socket.on('disconnect', (r) => (reason = r));

    expect((await api(a.url, 'DELETE', `/api/invites/${invite.id}`)).status).toBe(200);
    await waitFor(() => reason !== null, 20_000, 'the disconnect on B');
    expect(vera.revoked()).toBe('your invitation was revoked');
    expect(reason).toBe('io server disconnect');
    await expect(connectAs(b.url, invite.token)).rejects.toThrow(/your invitation was revoked/);
  }, 60_000);
});
