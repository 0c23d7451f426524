'use client';
// The people in this workspace, with their colour and the file each is looking at.
import { usePresenceStore } from '../../lib/client/stores/presenceStore';

export function PresenceBar() {
  const people = usePresenceStore((s) => s.people);
  return (
    <div className="presence" data-testid="presence" aria-label="people here">
      {people.map((p) => (
        <span
          key={p.clientId}
          className="presence-user"
          data-testid="presence-user"
          data-name={p.name}
          data-self={p.self ? 'true' : 'false'}
          title={`${p.name}${p.self ? ' (you)' : ''}${p.path ? ` — ${p.path}` : ''}`}
          style={{ borderColor: p.color }}
        >
          <span className="avatar" style={{ background: p.color }}>
            {p.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="presence-name">
            {p.name}
            {p.self ? ' (you)' : ''}
          </span>
        </span>
      ))}
    </div>
  );
}
