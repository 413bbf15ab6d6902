/** The staff API from the browser: same-origin cookie session, CSRF token on every change. */
let csrf = '';
export const setCsrf = (t: string) => (csrf = t);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method !== 'GET' ? { 'x-csrf-token': csrf } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      message = ((await res.json()) as { message?: string }).message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    if (res.status === 401 && path !== '/api/auth/login') window.dispatchEvent(new Event('esafety:signed-out'));
    throw new ApiError(res.status, message);
  }
  return res;
}

export const api = {
  get: async <T,>(path: string): Promise<T> => (await call('GET', path)).json() as Promise<T>,
  post: async <T,>(path: string, body: unknown = {}): Promise<T> => (await call('POST', path, body)).json() as Promise<T>,
  put: async <T,>(path: string, body: unknown): Promise<T> => (await call('PUT', path, body)).json() as Promise<T>,
  patch: async <T,>(path: string, body: unknown): Promise<T> => (await call('PATCH', path, body)).json() as Promise<T>,
  del: async <T,>(path: string): Promise<T> => (await call('DELETE', path)).json() as Promise<T>,
  /** A POST that returns a file (CSV export). */
  blob: async (path: string, body: unknown): Promise<Blob> => (await call('POST', path, body)).blob(),
};

export const qs = (params: Record<string, string | number | undefined | null>): string => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
};
