/**
 * Housekeeping and maintenance tasks: filter by kind and status, create, complete
 * and reopen them. A task's room shows its current status, so completing "Clean
 * room 103" visibly turns 103 clean.
 */
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RoomStatus, type TASK_KINDS } from '../../../shared/domain.ts';
import { ErrorLine, PendingBadge, RejectionNote, RoomStatusTag } from '../components/badges.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { VirtualList } from '../components/VirtualList.tsx';
import { useSubmit } from '../hooks/action.ts';
import { useBusinessDate, useHotelDates } from '../hooks/hotel.ts';
import { useRejection, useShownRooms, useShownTasks, type ShownTask } from '../state/selectors.ts';
import { openDialog } from '../state/ui.ts';

type KindFilter = (typeof TASK_KINDS)[number] | 'all';
type StatusFilter = 'open' | 'done' | 'all';

const TaskRow = memo(function TaskRow({ t: task, room, today }: { t: ShownTask; room: { number: string; status: RoomStatus } | undefined; today: string }) {
  const { t } = useTranslation();
  const dates = useHotelDates();
  const rejection = useRejection(task.id);
  const { run, error, busy } = useSubmit();
  const when =
    task.status === 'done'
      ? task.completedAt
        ? t('tasks.doneAt', { time: dates.time(task.completedAt) })
        : t('tasks.doneWaiting')
      : t('tasks.openedAt', { time: dates.time(task.createdAt) });
  const overdue = task.status === 'open' && task.dueDate && task.dueDate < today;
  return (
    <div
      className={`task-row${task.pendingKey ? ' is-pending' : ''} prio-${task.priority}`}
      data-testid="task-row"
      data-task-id={task.id}
      data-status={task.status}
      data-pending={task.pendingKey ? 'true' : 'false'}
      data-room-status={room?.status ?? ''}
    >
      <span className={`tag kind-${task.kind}`}>{t(`taskKind.${task.kind}`)}</span>
      <div className="task-main">
        <span className="task-title">{task.title}</span>
        <span className="guest-meta">
          {room ? t('common.room', { number: room.number }) : t('common.noRoom')} ·{' '}
          {task.priority === 'high' ? t('tasks.highPriority') : t('tasks.priority', { priority: t(`taskPriority.${task.priority}`) })} · {when}
          {task.dueDate ? <span className={overdue ? 'alert-text' : undefined}> · {t('tasks.due', { date: dates.short(task.dueDate) })}</span> : null}
        </span>
        <RejectionNote rejection={rejection} />
        <ErrorLine error={error} inline />
      </div>
      <div className="task-state">
        <span className={`tag task-${task.status}`}>{task.status === 'done' ? `✓ ${t('tasks.done')}` : t('tasks.open')}</span>
        {room ? <RoomStatusTag status={room.status} /> : null}
        <PendingBadge pending={task.pendingKey !== null} />
      </div>
      <div className="row-actions">
        {task.status === 'open' ? (
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={busy}
            onClick={() => void run({ type: 'complete_task', taskId: task.id })}
            aria-label={t('tasks.completeWhat', { title: task.title })}
            data-testid="action-complete"
          >
            {t('tasks.complete')}
          </button>
        ) : task.pendingKey ? null : (
          // Not while its completion is still pending: a second Enter must not undo the first.
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => void run({ type: 'reopen_task', taskId: task.id })}
            aria-label={t('tasks.reopenWhat', { title: task.title })}
            data-testid="action-reopen"
          >
            {t('tasks.reopen')}
          </button>
        )}
      </div>
    </div>
  );
});

export function TasksView() {
  const { t } = useTranslation();
  const today = useBusinessDate();
  const tasks = useShownTasks();
  const rooms = useShownRooms();
  const roomOf = useMemo(() => new Map(rooms.map((r) => [r.id, r])), [rooms]);
  const [kind, setKind] = useState<KindFilter>('all');
  const [status, setStatus] = useState<StatusFilter>('open');
  // A task completed but not yet confirmed stays under "Open" (marked pending) so the receptionist sees it go through.
  const shown = useMemo(
    () => tasks.filter((x) => (kind === 'all' || x.kind === kind) && (status === 'all' || x.status === status || x.pendingKey !== null)),
    [tasks, kind, status],
  );
  const open = useMemo(() => tasks.filter((x) => x.status === 'open').length, [tasks]);
  return (
    <section className="view view-tasks" aria-labelledby="tasks-title" data-testid="view-tasks">
      <ViewHeader view="tasks" summary={t('tasks.summary', { open, count: tasks.length })}>
        <button type="button" className="btn btn-primary" onClick={() => openDialog({ kind: 'task' })} data-testid="new-task">
          {t('tasks.newTask')}
        </button>
      </ViewHeader>
      <div className="toolbar">
        <Segmented
          label={t('tasks.kind')}
          value={kind}
          onChange={setKind}
          options={[
            ['all', t('tasks.all')],
            ['housekeeping', t('taskKind.housekeeping')],
            ['maintenance', t('taskKind.maintenance')],
          ]}
          testId="task-kind"
        />
        <Segmented
          label={t('tasks.status')}
          value={status}
          onChange={setStatus}
          options={[
            ['open', t('tasks.open')],
            ['done', t('tasks.done')],
            ['all', t('tasks.all')],
          ]}
          testId="task-status"
        />
        <p className="result-count" aria-live="polite">
          {t('tasks.shown', { count: shown.length })}
        </p>
      </div>
      {shown.length === 0 ? (
        <p className="empty">{t('tasks.empty')}</p>
      ) : (
        <VirtualList
          items={shown}
          rowHeight={52}
          getKey={(x) => x.id}
          label={t('tasks.list')}
          testId="task-list"
          renderRow={(x) => <TaskRow t={x} room={x.roomId ? roomOf.get(x.roomId) : undefined} today={today} />}
        />
      )}
    </section>
  );
}

function Segmented<V extends string>({
  label,
  value,
  onChange,
  options,
  testId,
}: {
  label: string;
  value: V;
  onChange: (v: V) => void;
  options: Array<[V, string]>;
  testId: string;
}) {
  return (
    <div className="segmented" role="group" aria-label={label} data-testid={testId}>
      <span className="segmented-label" aria-hidden="true">
        {label}
      </span>
      {options.map(([v, text]) => (
        <button key={v} type="button" className="btn btn-small" aria-pressed={value === v} onClick={() => onChange(v)}>
          {text}
        </button>
      ))}
    </div>
  );
}
