/** A view's heading row with its "Open in new window" button. */
import { useState, type ReactNode } from 'react';
import type { ViewName } from '../../../shared/ipc.ts';
import { openWindow } from '../bridge/bridge.ts';
import { VIEW_LABEL } from '../hooks/route.ts';
import { ErrorLine } from './badges.tsx';

export function ViewHeader({ view, summary, children }: { view: ViewName; summary?: ReactNode; children?: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="view-header">
      <div className="view-title">
        <h1 id={`${view}-title`}>{VIEW_LABEL[view]}</h1>
        {summary ? <p className="view-summary">{summary}</p> : null}
      </div>
      <div className="view-tools">
        {children}
        <button
          type="button"
          className="btn btn-quiet"
          data-testid="open-window"
          aria-label={`Open ${VIEW_LABEL[view]} in a new window`}
          onClick={() => {
            setError(null);
            openWindow(view).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
          }}
        >
          <span aria-hidden="true">↗ </span>New window
        </button>
        <ErrorLine error={error} inline />
      </div>
    </div>
  );
}
