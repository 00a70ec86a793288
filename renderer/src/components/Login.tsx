/**
 * Signing in. The full screen when there is no session; a banner over the still
 * readable data when the session ended (needs_login).
 */
import { useState, type FormEvent } from 'react';
import { login } from '../bridge/bridge.ts';
import { DemoLogins } from './DemoLogins.tsx';

function LoginForm({ compact }: { compact: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await login(email.trim(), password);
    setBusy(false);
    if (!result.ok) setError(result.message || 'Sign-in failed.');
    else setPassword('');
  };
  return (
    <form className={compact ? 'login-form compact' : 'login-form'} onSubmit={onSubmit} aria-label="Sign in" data-testid="login-form">
      <label className="field">
        <span>Email</span>
        <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus={!compact} data-testid="login-email" />
      </label>
      <label className="field">
        <span>Password</span>
        <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy} data-testid="login-submit">
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {error ? (
        <p className="form-error" role="alert" data-testid="login-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

export function LoginScreen({ detail, serverUrl }: { detail: string | null; serverUrl: string | null }) {
  return (
    <main className="login-screen" id="main" data-testid="login-screen">
      <div className="login-card">
        <h1>
          <span className="brand-mark" aria-hidden="true">F</span>Frontdesk
        </h1>
        <p className="muted">Sign in to open the desk{serverUrl ? ` on ${serverUrl}` : ''}.</p>
        {detail ? <p className="warning">{detail}</p> : null}
        <LoginForm compact={false} />
        <DemoLogins />
      </div>
    </main>
  );
}

export function ReloginBanner({ detail }: { detail: string | null }) {
  return (
    <section className="relogin-banner" role="alert" aria-label="Session ended" data-testid="relogin-banner">
      {/* The main process's reason is written for logs; it stays in the tooltip. */}
      <div title={detail ?? undefined}>
        <strong>Your session ended.</strong> Sign in again to keep working. The data below is what the desk last knew; actions you take are kept in the
        queue.
      </div>
      <LoginForm compact />
    </section>
  );
}
