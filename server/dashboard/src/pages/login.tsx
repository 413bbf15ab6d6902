import { useState } from 'preact/hooks';
import { api, setCsrf } from '../api';
import type { Me } from '../types';

/** Sign-in. The form keeps the ids the first bare page had (#login), so existing tests still fit. */
export function Login({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    setBusy(true);
    setError('');
    try {
      const r = await api.post<{ csrfToken: string; staff: Omit<Me, 'schoolId'> }>('/api/auth/login', { email: f.get('email'), password: f.get('password') });
      setCsrf(r.csrfToken);
      const s = await api.get<{ staff: Me }>('/api/session');
      onSignedIn(s.staff);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login-page">
      <h1>E-safety dashboard</h1>
      <form id="login" onSubmit={submit} class="card">
        <label>
          E-mail
          <input name="email" type="email" autocomplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <p id="login-error" role="alert" class="error">
          {error}
        </p>
      </form>
    </main>
  );
}
