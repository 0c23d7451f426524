'use client';
// People and roles in the top bar: the owner's "Invite" button opens a small dialog to make an
// invitation link (editor or viewer, with an optional name), see the open ones and revoke one
// (its people are disconnected at once). Anyone else sees their role.
import { useCallback, useEffect, useState } from 'react';
import type { Invite, InviteRole } from '../../lib/protocol/people';
import { createInvite, listInvites, revokeInvite } from '../../lib/client/invitesClient';
import { useRoleStore } from '../../lib/client/stores/roleStore';

export function PeopleButton() {
  const { role, name } = useRoleStore();
  const [open, setOpen] = useState(false);
  if (!role) return null;
  if (role !== 'owner')
    return (
      <span className="muted" data-testid="session-role" data-role={role} title={`Signed in as ${name}`}>
        {role}
      </span>
    );
  return (
    <>
      <span className="muted" data-testid="session-role" data-role={role}>
        owner
      </span>
      <button data-testid="invite-open" onClick={() => setOpen(!open)} title="Invite people as editors or viewers">
        Invite
      </button>
      {open && <InviteDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function InviteDialog({ onClose }: { onClose: () => void }) {
  const [invites, setInvites] = useState<Invite[]>([]);
  const [role, setRole] = useState<InviteRole>('editor');
  const [name, setName] = useState('');
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(
    () =>
      listInvites().then(
        (all) => setInvites(all.filter((i) => i.revokedAt === null)),
        (err: Error) => setError(err.message),
      ),
    [],
  );
  useEffect(() => void refresh(), [refresh]);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dashboard" data-testid="invite-dialog" role="dialog" aria-label="invite people">
      <div className="dashboard-head">
        <strong>Invite people</strong>
        <span className="spacer" />
        <button onClick={onClose}>Close</button>
      </div>
      <p className="muted small">
        An editor may do everything but invite people; a viewer sees everything and changes nothing. The link is shown
        once: copy it now.
      </p>
      <div className="dashboard-head">
        <select data-testid="invite-role" value={role} onChange={(e) => setRole(e.target.value as InviteRole)}>
          <option value="editor">editor</option>
          <option value="viewer">viewer</option>
        </select>
        <input
          data-testid="invite-name"
          placeholder="name (optional)"
          maxLength={64}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button
          data-testid="invite-create"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              const made = await createInvite({ role, ...(name.trim() ? { name: name.trim() } : {}) });
              setUrl(made.url);
              setName('');
            })
          }
        >
          Create link
        </button>
      </div>
      {url && (
        <input
          data-testid="invite-url"
          readOnly
          value={url}
          style={{ width: '100%' }}
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
      {error && <div className="notice notice-error">{error}</div>}
      <table data-testid="invite-list">
        <tbody>
          {invites.map((i) => (
            <tr key={i.id} data-testid="invite-item" data-id={i.id} data-role={i.role}>
              <td>{i.name ?? <span className="muted">no name</span>}</td>
              <td>{i.role}</td>
              <td className="muted">{new Date(i.createdAt).toLocaleString()}</td>
              <td>
                <button
                  data-testid="invite-revoke"
                  disabled={busy}
                  title="Revoke: the link stops working and its people are disconnected now"
                  onClick={() => void act(async () => void (await revokeInvite(i.id)))}
                >
                  Revoke
                </button>
              </td>
            </tr>
          ))}
          {invites.length === 0 && (
            <tr>
              <td className="muted">No open invitations.</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
