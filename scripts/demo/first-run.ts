/**
 * The first run of a fresh `diktats serve`, as a person does it: the one-time
 * set-up link it printed creates the admin, who adds a clerk and API tokens.
 * Used by the pilot demo and the browser tests.
 */
export const DEMO_ADMIN = { name: 'admin', password: 'admin-password-1' } as const;
export const DEMO_CLERK = { name: 'anna', password: 'anna-password-1' } as const;

export interface FirstRun {
  /** the admin's API token (reports, any record) */
  readonly adminToken: string;
  /** the clerk's API token and her browser session cookie's value */
  readonly clerkToken: string;
  readonly clerkCookie: string;
}

const sessionCookie = (res: Response): string => {
  const m = /diktats_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!m) throw new Error(`no session cookie (${res.status})`);
  return m[1]!;
};

async function expectStatus(res: Response, status: number, what: string): Promise<Response> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res;
}

/** `printed`: what the server wrote to stdout (it holds the set-up link). */
export async function firstRun(baseUrl: string, printed: string): Promise<FirstRun> {
  const setup = /setup\.html#token=([\w-]+)/.exec(printed);
  if (!setup) throw new Error('diktats serve printed no set-up link on its first start');
  const json = { 'content-type': 'application/json' };
  const post = (path: string, body: object, headers: Record<string, string> = json) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const made = await expectStatus(await post('/api/auth/setup', { token: setup[1], username: DEMO_ADMIN.name, password: DEMO_ADMIN.password }), 201, 'set-up');
  // The admin's cookie is a browser's credential: its state-changing requests carry our own Origin.
  const admin = { ...json, cookie: `diktats_session=${sessionCookie(made)}`, origin: baseUrl };
  await expectStatus(await post('/api/admin/users', { name: DEMO_CLERK.name, role: 'clerk', password: DEMO_CLERK.password }, admin), 201, 'add clerk');
  const token = async (user: string) =>
    ((await (await expectStatus(await post('/api/admin/tokens', { user }, admin), 201, `token for ${user}`)).json()) as { token: string }).token;
  const login = await expectStatus(await post('/api/auth/login', { username: DEMO_CLERK.name, password: DEMO_CLERK.password }), 200, 'clerk login');
  return { adminToken: await token(DEMO_ADMIN.name), clerkToken: await token(DEMO_CLERK.name), clerkCookie: sessionCookie(login) };
}
