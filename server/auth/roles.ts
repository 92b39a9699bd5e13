/**
 * Roles and the route access convention: every route declares
 * `config: { access: 'public' }` or `config: { access: ['clerk', 'admin'] }`.
 */
import type { Role as DeclaredRole, RouteAccess } from '../http/route-access.ts';

export const ROLES = ['clerk', 'researcher', 'admin'] as const satisfies readonly DeclaredRole[];
export type Role = DeclaredRole;
/** the declaration's type lives in http/route-access.ts (with its FastifyContextConfig augmentation) */
export type Access = RouteAccess;

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** Shorthands for route options: `{ config: ALL_ROLES }`. */
export const PUBLIC = { access: 'public' } as const;
export const ADMIN_ONLY = { access: ['admin'] } as const satisfies { access: Access };
export const CLERKS = { access: ['clerk', 'admin'] } as const satisfies { access: Access };
export const RESEARCHERS = { access: ['researcher', 'admin'] } as const satisfies { access: Access };
export const ALL_ROLES = { access: ['clerk', 'researcher', 'admin'] } as const satisfies { access: Access };

/** The authenticated caller of a request or socket. */
export interface AuthUser {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  /** how the request proved who it is */
  readonly via: 'session' | 'token';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the access plugin before any handler runs; null for anonymous requests */
    user: AuthUser | null;
  }
}

/** A record, session or other owned row: clerks reach their own, admins any (researchers none, by route access). */
export const mayAccessOwned = (user: Pick<AuthUser, 'id' | 'role'>, owned: { readonly userId: number }): boolean =>
  user.role === 'admin' || owned.userId === user.id;
