/** A member of staff over real HTTP: signs in, keeps the session cookie and CSRF token. */
export class StaffClient {
  cookie = '';
  csrf = '';
  constructor(readonly url: string) {}

  async signIn(email: string, password: string): Promise<this> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  /** The raw response (for status checks and CSV bodies). */
  raw(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${p}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async api<T = any>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await this.raw(method, p, body);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p} -> ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}
