import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { when } from '../components/format';
import type { Me, Role } from '../types';

interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  lockedUntil: string | null;
  createdAt: string;
}

/** Staff accounts: the DSL adds colleagues with a role (DSL, IT, teacher, governor). */
export function StaffPage({ me }: { me: Me }) {
  const [staff, setStaff] = useState<StaffRow[] | null>(null);
  const [msg, setMsg] = useState('');
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api.get<{ staff: StaffRow[] }>('/api/dashboard/staff').then((r) => setStaff(r.staff), (e: Error) => setError(e.message));
  }, [tick]);
  const add = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    setError('');
    try {
      await api.post('/api/dashboard/staff', Object.fromEntries(f.entries()));
      setMsg(`Account created for ${String(f.get('email'))}.`);
      form.reset();
      setTick((t) => t + 1);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const changeRole = async (s: StaffRow, role: Role) => {
    setError('');
    try {
      await api.patch(`/api/dashboard/staff/${encodeURIComponent(s.id)}`, { role });
      setMsg(`${s.name} is now ${role}.`);
    } catch (err) {
      setError((err as Error).message);
    }
    setTick((t) => t + 1);
  };
  const remove = async (s: StaffRow) => {
    if (!confirm(`Remove ${s.name}'s account?`)) return;
    await api.del(`/api/dashboard/staff/${encodeURIComponent(s.id)}`).catch((e: Error) => setError(e.message));
    setTick((t) => t + 1);
  };
  return (
    <section>
      <h1>Staff accounts</h1>
      {staff && (
        <table id="staff">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.email}</td>
                <td>
                  {s.email === me.email ? (
                    s.role
                  ) : (
                    <select aria-label={`Role of ${s.name}`} value={s.role} onChange={(e) => changeRole(s, (e.target as HTMLSelectElement).value as Role)}>
                      {(['dsl', 'it', 'teacher', 'governor'] as const).map((r) => (
                        <option value={r}>{r}</option>
                      ))}
                    </select>
                  )}
                  {s.lockedUntil && Date.parse(s.lockedUntil) > Date.now() ? ' (locked after failed sign-ins)' : ''}
                </td>
                <td>{when(s.createdAt)}</td>
                <td>
                  {s.email !== me.email && (
                    <button type="button" class="small" onClick={() => remove(s)}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="card" id="staff-form" onSubmit={add}>
        <h2>Add a member of staff</h2>
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          E-mail
          <input name="email" type="email" required />
        </label>
        <label>
          Role
          <select name="role">
            <option value="teacher">Teacher (their board PCs)</option>
            <option value="it">IT admin (devices, policy)</option>
            <option value="governor">Governor (aggregate reports only)</option>
            <option value="dsl">DSL / deputy DSL (alerts, pupil data)</option>
          </select>
        </label>
        <label>
          Initial password (at least 12 characters)
          <input name="password" type="password" minLength={12} required autocomplete="new-password" />
        </label>
        <button type="submit">Add account</button>
        <p role="status" class="ok">{msg}</p>
        {error && <p role="alert" class="error">{error}</p>}
      </form>
    </section>
  );
}
