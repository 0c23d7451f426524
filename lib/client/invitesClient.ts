// The owner's invitations from the page: the HTTP endpoints (the page's cookie carries the owner's
// token), with every answer checked against the protocol's schemas.
import { z } from 'zod';
import { inviteSchema, type Invite, type InviteCreate } from '../protocol/people';

const createdSchema = inviteSchema.extend({ token: z.string(), url: z.string() });
export type CreatedInvite = z.infer<typeof createdSchema>;

async function call<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (json as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `${method} ${path} answered ${res.status}`);
  }
  return schema.parse(json);
}

export const listInvites = (): Promise<Invite[]> =>
  call('GET', '/api/invites', z.object({ invites: z.array(inviteSchema) })).then((r) => r.invites);

export const createInvite = (req: InviteCreate): Promise<CreatedInvite> =>
  call('POST', '/api/invites', createdSchema, req);

export const revokeInvite = (id: string): Promise<Invite> =>
  call('DELETE', `/api/invites/${encodeURIComponent(id)}`, z.object({ invite: inviteSchema })).then((r) => r.invite);
