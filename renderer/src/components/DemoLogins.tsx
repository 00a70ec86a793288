/**
 * On the embedded demo gateway (`npm start` without --server), the login screen
 * lists the demo logins, so a newcomer need not hunt for them in the terminal.
 * The host sends them only in that case; a real gateway's desk shows nothing.
 */
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/ipc.ts';
import { appInfo } from '../bridge/bridge.ts';

export function DemoLogins() {
  const [logins, setLogins] = useState<AppInfo['demoLogins']>(undefined);
  useEffect(() => {
    let live = true;
    appInfo().then(
      (i) => live && setLogins(i.demoLogins),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  if (!logins || logins.length === 0) return null;
  return (
    <section className="demo-logins" aria-label="Demo logins" data-testid="demo-logins">
      <p className="muted">Demo gateway — sign in with:</p>
      <ul>
        {logins.map((l) => (
          <li key={l.email}>
            <code>{l.email}</code> / <code>{l.password}</code> <span className="muted">({l.name})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
