/** A view's heading row with its "Open in new window" button. */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViewName } from '../../../shared/ipc.ts';
import { openWindow } from '../bridge/bridge.ts';
import { ErrorLine } from './badges.tsx';

export function ViewHeader({ view, summary, children }: { view: ViewName; summary?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const label = t(`views.${view}`);
  return (
    <div className="view-header">
      <div className="view-title">
        <h1 id={`${view}-title`}>{label}</h1>
        {summary ? <p className="view-summary">{summary}</p> : null}
      </div>
      <div className="view-tools">
        {children}
        <button
          type="button"
          className="btn btn-quiet btn-small"
          data-testid="open-window"
          aria-label={t('views.openInNewWindow', { view: label })}
          onClick={() => {
            setError(null);
            openWindow(view).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
          }}
        >
          <span aria-hidden="true">↗ </span>
          <span className="new-window-label">{t('views.newWindow')}</span>
        </button>
        <ErrorLine error={error} inline />
      </div>
    </div>
  );
}
