// People and roles (issue 14): who a connection is, and the invitations the owner hands out.
// The owner holds the token printed at start; an invite's token gives its role (and its name).
import { z } from 'zod';

export const roles = ['viewer', 'editor', 'owner'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** The roles an invitation can give (there is one owner: the workspace token). */
export const inviteRoleSchema = z.enum(['editor', 'viewer']);
export type InviteRole = z.infer<typeof inviteRoleSchema>;

export const inviteCreateSchema = z
  .object({
    role: inviteRoleSchema,
    name: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export type InviteCreate = z.infer<typeof inviteCreateSchema>;

/** An invitation as the owner sees it: never its token nor the token's hash. */
export const inviteSchema = z.object({
  id: z.string(),
  role: inviteRoleSchema,
  name: z.string().nullable(),
  createdAt: z.number(),
  revokedAt: z.number().nullable(),
});
export type Invite = z.infer<typeof inviteSchema>;

/** Told to each connection when it connects: what it may do, and under which name. */
export type SessionRole = { role: Role; name: string; invited: boolean };
/** Told to a connection whose invitation was revoked, just before it is disconnected. */
export type SessionRevoked = { message: string };
export const REVOKED_MESSAGE = 'your invitation was revoked';
