/**
 * If the UI crashes (an error escapes a render and React unmounts everything),
 * the window would be left blank: instead the host is told (it logs the error to
 * desk.log) and the page reloads — the desk's state lives in the host, so nothing
 * is lost. A UI that crashes again right after reloading is not reloaded forever:
 * after 3 reloads within a minute it says so and offers a button instead.
 */
import { Component, type ReactNode } from 'react';
import { reportCrash } from '../bridge/bridge.ts';

const KEY = 'frontdesk.crashReloads';
const MAX_RELOADS = 3;
const WINDOW_MS = 60_000;

function recentReloads(now: number): number[] {
  try {
    const list = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((t): t is number => typeof t === 'number' && now - t < WINDOW_MS) : [];
  } catch {
    return [];
  }
}

interface State {
  error: string | null;
  gaveUp: boolean;
}

export class CrashGuard extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null, gaveUp: false };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: unknown): void {
    const now = Date.now();
    const reloads = recentReloads(now);
    const gaveUp = reloads.length >= MAX_RELOADS;
    const err = error instanceof Error ? error : new Error(String(error));
    const reported = reportCrash(gaveUp ? `${err.message} (crashed again after ${reloads.length} reloads; not reloading)` : err.message, err.stack).catch(
      () => undefined,
    );
    if (gaveUp) {
      this.setState({ gaveUp: true });
      return;
    }
    sessionStorage.setItem(KEY, JSON.stringify([...reloads, now]));
    // Reload once the host has the report (or could not take it): a dead page helps no one.
    void Promise.race([reported, new Promise((r) => setTimeout(r, 1000))]).then(() => location.reload());
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <main className="splash" role="alert" data-testid="crash-screen">
        <h1>Frontdesk hit a problem</h1>
        <p>
          {this.state.gaveUp
            ? 'The screen failed again right after reloading. Nothing you entered is lost; it is kept by the app.'
            : 'Reloading the screen… nothing you entered is lost.'}
        </p>
        {this.state.gaveUp ? (
          <button type="button" className="btn" onClick={() => (sessionStorage.removeItem(KEY), location.reload())}>
            Try again
          </button>
        ) : null}
      </main>
    );
  }
}
