/** Every route of a ready Fastify app as `METHOD /path`, read from `printRoutes()`'s tree. */
import type { FastifyInstance } from 'fastify';

export interface RouteRow {
  readonly method: string;
  readonly url: string;
}

export function routeTable(app: FastifyInstance): RouteRow[] {
  const rows: RouteRow[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    // "│   ├── /:id (GET, HEAD)": four characters of indent per level, then the segment and its methods.
    const m = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const url = (prefixes[depth - 1] ?? '') + m[2]!;
    prefixes[depth] = url;
    prefixes.length = depth + 1;
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) rows.push({ method, url });
  }
  return rows;
}
