/**
 * Signing in. The full screen when there is no session; a banner over the still
 * readable data when the session ended (needs_login).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { login } from '../bridge/bridge.ts';
import { DemoLogins } from './DemoLogins.tsx';

function LoginForm({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
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
    if (!result.ok) setError(result.message || t('login.failed'));
    else setPassword('');
  };
  return (
    <form className={compact ? 'login-form compact' : 'login-form'} onSubmit={onSubmit} aria-label={t('login.signIn')} data-testid="login-form">
      <label className="field">
        <span>{t('login.email')}</span>
        <input
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoFocus={!compact}
          data-testid="login-email"
        />
      </label>
      <label className="field">
        <span>{t('login.password')}</span>
        <input
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="login-password"
        />
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy} data-testid="login-submit">
        {busy ? t('login.signingIn') : t('login.signIn')}
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
  const { t } = useTranslation();
  return (
    <main className="login-screen" id="main" data-testid="login-screen">
      <div className="login-card">
        <h1>
          <span className="brand-mark" aria-hidden="true">
            F
          </span>
          Frontdesk
        </h1>
        <p className="muted">{serverUrl ? t('login.openDeskOn', { url: serverUrl }) : t('login.openDesk')}</p>
        {detail ? <p className="warning">{detail}</p> : null}
        <LoginForm compact={false} />
        <DemoLogins />
      </div>
    </main>
  );
}

export function ReloginBanner({ detail }: { detail: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="relogin-banner" role="alert" aria-label={t('login.sessionEnded')} data-testid="relogin-banner">
      {/* The main process's reason is written for logs; it stays in the tooltip. */}
      <div title={detail ?? undefined}>
        <strong>{t('login.sessionEndedStrong')}</strong> {t('login.sessionEndedText')}
      </div>
      <LoginForm compact />
    </section>
  );
}
