/** Housekeeping and maintenance tasks: filter by kind and status, complete them. */
import { memo, useMemo, useState } from 'react';
import { type TASK_KINDS } from '../../../shared/domain.ts';
import { ErrorLine, PendingBadge, RejectionNote } from '../components/badges.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { VirtualList } from '../components/VirtualList.tsx';
import { formatTime } from '../format.ts';
import { useSubmit } from '../hooks/action.ts';
import { useRejection, useRoomNumbers, useShownTasks, type ShownTask } from '../state/selectors.ts';

type KindFilter = (typeof TASK_KINDS)[number] | 'all';
type StatusFilter = 'open' | 'done' | 'all';

const TaskRow = memo(function TaskRow({ t, roomNumber }: { t: ShownTask; roomNumber: string | undefined }) {
  const rejection = useRejection(t.id);
  const { run, error, busy } = useSubmit();
  return (
    <div className={`task-row${t.pendingKey ? ' is-pending' : ''} prio-${t.priority}`} data-testid="task-row" data-task-id={t.id} data-status={t.status} data-pending={t.pendingKey ? 'true' : 'false'}>
      <span className={`tag kind-${t.kind}`}>{t.kind === 'housekeeping' ? 'Housekeeping' : 'Maintenance'}</span>
      <div className="task-main">
        <span className="task-title">{t.title}</span>
        <span className="guest-meta">
          {roomNumber ? `Room ${roomNumber}` : 'No room'} · {t.priority === 'high' ? 'HIGH priority' : `${t.priority} priority`} ·{' '}
          {t.status === 'done' ? (t.completedAt ? `done ${formatTime(t.completedAt)}` : 'done just now, waiting for the server') : `opened ${formatTime(t.createdAt)}`}
        </span>
        <RejectionNote rejection={rejection} />
        <ErrorLine error={error} inline />
      </div>
      <div className="task-state">
        <span className={`tag task-${t.status}`}>{t.status === 'done' ? '✓ Done' : 'Open'}</span>
        <PendingBadge pending={t.pendingKey !== null} />
      </div>
      <div className="row-actions">
        {t.status === 'open' ? (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run({ type: 'complete_task', taskId: t.id })} aria-label={`Complete: ${t.title}`} data-testid="action-complete">
            Complete
          </button>
        ) : null}
      </div>
    </div>
  );
});

export function TasksView() {
  const tasks = useShownTasks();
  const rooms = useRoomNumbers();
  const [kind, setKind] = useState<KindFilter>('all');
  const [status, setStatus] = useState<StatusFilter>('open');
  // A task completed but not yet confirmed stays under "Open" (marked pending) so the receptionist sees it go through.
  const shown = useMemo(
    () => tasks.filter((t) => (kind === 'all' || t.kind === kind) && (status === 'all' || t.status === status || (status === 'open' && t.pendingKey !== null))),
    [tasks, kind, status],
  );
  const open = useMemo(() => tasks.filter((t) => t.status === 'open').length, [tasks]);
  return (
    <section className="view view-tasks" aria-labelledby="tasks-title" data-testid="view-tasks">
      <ViewHeader view="tasks" summary={`${open} open of ${tasks.length}`} />
      <div className="toolbar">
        <Segmented label="Kind" value={kind} onChange={setKind} options={[['all', 'All'], ['housekeeping', 'Housekeeping'], ['maintenance', 'Maintenance']]} testId="task-kind" />
        <Segmented label="Status" value={status} onChange={setStatus} options={[['open', 'Open'], ['done', 'Done'], ['all', 'All']]} testId="task-status" />
        <p className="result-count" aria-live="polite">
          {shown.length} shown
        </p>
      </div>
      {shown.length === 0 ? (
        <p className="empty">No task matches these filters.</p>
      ) : (
        <VirtualList items={shown} rowHeight={84} getKey={(t) => t.id} label="Task list" testId="task-list" renderRow={(t) => <TaskRow t={t} roomNumber={t.roomId ? rooms.get(t.roomId) : undefined} />} />
      )}
    </section>
  );
}

function Segmented<V extends string>({ label, value, onChange, options, testId }: { label: string; value: V; onChange: (v: V) => void; options: Array<[V, string]>; testId: string }) {
  return (
    <div className="segmented" role="group" aria-label={label} data-testid={testId}>
      <span className="segmented-label" aria-hidden="true">
        {label}
      </span>
      {options.map(([v, text]) => (
        <button key={v} type="button" className="btn" aria-pressed={value === v} onClick={() => onChange(v)}>
          {text}
        </button>
      ))}
    </div>
  );
}
