import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrf } from './api';
import { Login } from './pages/login';
import { AlertsPage } from './pages/alerts';
import { AlertDetail } from './pages/alert-detail';
import { RecordsPage } from './pages/records';
import { ReportPage } from './pages/reports';
import { TrendsPage } from './pages/trends';
import { PolicyPage } from './pages/policy';
import { DevicesPage } from './pages/devices';
import { RosterPage } from './pages/roster';
import { StaffPage } from './pages/staff';
import { AuditPage } from './pages/audit';
import { useRoute } from './router';
import type { Me, Role } from './types';
import './styles.css';

interface NavItem {
  hash: string;
  label: string;
  roles: Role[];
}
const NAV: NavItem[] = [
  { hash: '/alerts', label: 'Alerts', roles: ['dsl'] },
  { hash: '/trends', label: 'Trends', roles: ['dsl'] },
  { hash: '/reports/monthly', label: 'Monthly report', roles: ['dsl', 'it'] },
  { hash: '/reports/governors', label: "Governors' report", roles: ['dsl', 'it', 'governor'] },
  { hash: '/policy', label: 'Policy', roles: ['dsl', 'it'] },
  { hash: '/devices', label: 'Devices', roles: ['dsl', 'it', 'teacher'] },
  { hash: '/roster', label: 'Roster', roles: ['dsl', 'it'] },
  { hash: '/staff', label: 'Staff', roles: ['dsl'] },
  { hash: '/audit', label: 'Audit log', roles: ['dsl'] },
];
const ROLE_LABELS: Record<Role, string> = { dsl: 'DSL', it: 'IT admin', teacher: 'Teacher', governor: 'Governor' };

function Page({ me }: { me: Me }) {
  const route = useRoute();
  const [first, second] = route.parts;
  const home = NAV.find((n) => n.roles.includes(me.role))?.hash ?? '/reports/governors';
  const allowed = (hash: string) => NAV.some((n) => hash.startsWith(n.hash.split('/').slice(0, 2).join('/')) && n.roles.includes(me.role));
  useEffect(() => {
    if (!first) location.replace(`#${home}`);
  }, [first]);
  if (!first) return null;
  if (first === 'alerts' && second) return me.role === 'dsl' ? <AlertDetail id={second} /> : <Forbidden />;
  if (first === 'records') return me.role === 'dsl' ? <RecordsPage ids={(route.query.get('ids') ?? '').split(',').filter(Boolean)} /> : <Forbidden />;
  if (!allowed(`/${first}${second ? `/${second}` : ''}`)) return <Forbidden />;
  switch (first) {
    case 'alerts':
      return <AlertsPage />;
    case 'trends':
      return <TrendsPage />;
    case 'reports':
      return <ReportPage kind={second === 'governors' ? 'governors' : 'monthly'} period={route.query.get('period') ?? ''} me={me} />;
    case 'policy':
      return <PolicyPage />;
    case 'devices':
      return <DevicesPage me={me} />;
    case 'roster':
      return <RosterPage />;
    case 'staff':
      return <StaffPage me={me} />;
    case 'audit':
      return <AuditPage />;
    default:
      return <Forbidden />;
  }
}

function Forbidden() {
  return (
    <section>
      <h1>Not available</h1>
      <p role="alert">Your role cannot open this page. Governors see aggregate reports only; teachers see their devices.</p>
    </section>
  );
}

function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const route = useRoute();
  useEffect(() => {
    api
      .get<{ csrfToken: string; staff: Me }>('/api/session')
      .then((s) => {
        setCsrf(s.csrfToken);
        setMe(s.staff);
      })
      .catch(() => setMe(null));
    const out = () => setMe(null);
    window.addEventListener('esafety:signed-out', out);
    return () => window.removeEventListener('esafety:signed-out', out);
  }, []);
  if (me === undefined) return <p class="loading">Loading…</p>;
  if (me === null) return <Login onSignedIn={(m) => setMe(m)} />;
  const signOut = async () => {
    await api.post('/api/auth/logout').catch(() => undefined);
    setMe(null);
  };
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">E-safety</span>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => n.roles.includes(me.role)).map((n) => (
              <li key={n.hash}>
                <a href={`#${n.hash}`} aria-current={route.path.startsWith(n.hash) ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          {me.name} ({ROLE_LABELS[me.role]}) <button type="button" class="link" onClick={signOut}>Sign out</button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Page me={me} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
