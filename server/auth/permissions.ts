// Who may do what (issue 14): the minimum role of every client event and every HTTP route, as
// plain data and pure functions. The event table is a Record over every ClientEventName, so a new
// event does not compile until someone decides who may send it.
import * as decoding from 'lib0/decoding';
import type { ClientEventName, ClientPayload, Role } from '../../lib/protocol';
import { roles } from '../../lib/protocol/people';

export const EVENT_ROLES: Record<ClientEventName, Role> = {
  'workspace/info': 'viewer',
  'doc/open': 'viewer',
  'doc/sync': 'viewer',
  'doc/save': 'editor',
  'doc/close': 'viewer',
  'doc/delete': 'editor',
  'awareness/update': 'viewer',
  'instruction/submit': 'editor',
  'fast/start': 'editor',
  'fast/redirect': 'editor',
  'fast/interrupt': 'editor',
  'fast/resolve': 'editor',
  'fast/snapshot': 'viewer',
  'fast/history': 'viewer',
  'review/start': 'editor',
  'fast/prewarm': 'editor',
  'route/preview': 'editor',
  'run/start': 'editor',
  'run/cancel': 'editor',
  'run/list': 'viewer',
  'run/subscribe': 'viewer',
  'run/unsubscribe': 'viewer',
  'run/diff': 'viewer',
  'run/review': 'editor',
  'run/discard': 'editor',
  // Allowing or denying an agent's command is a decision on the workspace.
  'run/approval': 'editor',
  'complete/info': 'viewer',
  // Completions are asked while typing, which a viewer cannot do (and each is a model call).
  'complete/request': 'editor',
  'complete/cancel': 'editor',
  'complete/report': 'editor',
  'nextEdit/request': 'editor',
  'nextEdit/cancel': 'editor',
  'nextEdit/report': 'editor',
};

/**
 * Tandem's own HTTP routes, as `METHOD path` (a `:id` stands for one path segment). Anything else
 * goes to the Next.js page: reading it is a viewer's right, anything else an editor's.
 */
export const HTTP_ROLES: Record<string, Role> = {
  'GET /api/health': 'viewer',
  'GET /api/metrics/summary': 'viewer',
  'GET /api/metrics/cluster': 'viewer',
  'GET /metrics': 'viewer',
  // A dry run of the router, but it may ask the fast model (a viewer starts no model call).
  'POST /api/route': 'editor',
  // What a cluster's workers download: the whole workspace with unsaved text, for a run.
  'GET /api/runs/snapshot': 'owner',
  'POST /api/invites': 'owner',
  'GET /api/invites': 'owner',
  'DELETE /api/invites/:id': 'owner',
};

export const atLeast = (have: Role, need: Role): boolean => roles.indexOf(have) >= roles.indexOf(need);

/** What a y-protocols sync message is, from its first number (`malformed` if it has none). */
export function syncKind(data: Uint8Array): 'step1' | 'step2' | 'update' | 'malformed' {
  try {
    const kind = decoding.readVarUint(decoding.createDecoder(data));
    return kind === 0 ? 'step1' : kind === 1 ? 'step2' : kind === 2 ? 'update' : 'malformed';
  } catch {
    return 'malformed';
  }
}

/**
 * The minimum role for this event with this payload: the table, made stricter where the payload
 * changes something (making a file on open; a document update, which only step 1 and step 2 are
 * not — a viewer's step 2 is then checked against the document, see viewerSync.ts).
 */
export function eventRole<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Role {
  if (event === 'doc/open' && (payload as ClientPayload<'doc/open'>).create) return 'editor';
  if (event === 'doc/sync') {
    const kind = syncKind((payload as ClientPayload<'doc/sync'>).data);
    return kind === 'step1' || kind === 'step2' ? 'viewer' : 'editor';
  }
  return EVENT_ROLES[event];
}

/** The table's key for a request: `DELETE /api/invites/abc` is `DELETE /api/invites/:id`. */
export function routeKey(method: string, pathname: string): string {
  const invite = /^\/api\/invites\/[^/]+$/.test(pathname);
  return `${method} ${invite ? '/api/invites/:id' : pathname}`;
}

export function httpRole(method: string, pathname: string): Role {
  return HTTP_ROLES[routeKey(method, pathname)] ?? (method === 'GET' || method === 'HEAD' ? 'viewer' : 'editor');
}

const ROLE_MAY: Record<Role, string> = {
  viewer: 'a viewer may look but not change anything',
  editor: 'an editor may do everything but manage invitations and workspace settings',
  owner: 'the owner may do everything',
};

/** The message of a refusal: what was refused, the role needed, and what this role may do. */
export function refusal(what: string, have: Role, need: Role): string {
  return `${what} needs the ${need} role; you are ${have === 'owner' ? 'the' : 'a'} ${have}: ${ROLE_MAY[have]}`;
}
