import { Link } from '../router/Link.tsx';
import { siteHref } from '../router/parseRoute.ts';
import { useStore } from '../store/useStore.ts';

/** A page that helps: what was asked for, and where to go instead. */
export function NotFound({ title, detail }: { title: string; detail?: string }) {
  const fleet = useStore((s) => s.fleet);
  return (
    <div className="notfound panel">
      <h1>{title}</h1>
      {detail ? <p>{detail}</p> : null}
      <p>Try one of these:</p>
      <ul className="notfound-links">
        <li>
          <Link href="/">Fleet overview</Link>
        </li>
        <li>
          <Link href="/exec">Executive summary</Link>{' '}
          <span className="muted">— utilization, rentals, revenue</span>
        </li>
        <li>
          <Link href="/wall">Wall display</Link> <span className="muted">— the ops-room kiosk</span>
        </li>
        <li>
          <Link href="/replay">Recordings</Link> <span className="muted">— replay an incident</span>
        </li>
        {fleet?.sites.map((s) => (
          <li key={s.id}>
            <Link href={siteHref(s.id)}>
              {s.name} <span className="muted">— {s.campus}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
