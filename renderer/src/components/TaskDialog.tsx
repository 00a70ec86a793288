/** A new housekeeping or maintenance task: what, which room, how urgent, by when. */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../../shared/commands.ts';
import { TASK_KINDS, TASK_PRIORITIES, type TaskKind, type TaskPriority } from '../../../shared/domain.ts';
import { useSubmit } from '../hooks/action.ts';
import { useBusinessDate } from '../hooks/hotel.ts';
import { usePlanCheck, useShownRooms } from '../state/selectors.ts';
import { ErrorLine } from './badges.tsx';
import { Modal } from './Modal.tsx';
import { RefusalLine } from './RefusalLine.tsx';

export function TaskDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const today = useBusinessDate();
  const rooms = useShownRooms();
  const [kind, setKind] = useState<TaskKind>('housekeeping');
  const [title, setTitle] = useState('');
  const [roomId, setRoomId] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('normal');
  const [dueDate, setDueDate] = useState(today);
  const { run, error, busy } = useSubmit();
  const command = useMemo<Command>(
    () => ({ type: 'create_task', kind, title, priority, ...(roomId ? { roomId } : {}), ...(dueDate ? { dueDate } : {}) }),
    [kind, title, priority, roomId, dueDate],
  );
  const refusal = usePlanCheck(title.trim() === '' ? null : command);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (title.trim() === '' || refusal) return;
    if (await run(command)) onClose();
  };
  return (
    <Modal title={t('tasks.createTitle')} onClose={onClose} testId="task-dialog">
      <form className="form" onSubmit={onSubmit}>
        <fieldset className="segmented">
          <legend>{t('tasks.kind')}</legend>
          {TASK_KINDS.map((k) => (
            <label key={k}>
              <input type="radio" name="task-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>{t(`taskKind.${k}`)}</span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('tasks.title')}</span>
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={200}
            placeholder={t('tasks.titlePlaceholder')}
            required
            data-autofocus
            data-testid="task-title"
          />
        </label>
        <div className="form-grid">
          <label className="field">
            <span>{t('tasks.room')}</span>
            <select value={roomId} onChange={(e) => setRoomId(e.target.value)} data-testid="task-room">
              <option value="">{t('tasks.noRoom')}</option>
              {rooms.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.number} · {r.type}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>
              {t('tasks.dueDate')} <span className="muted">{t('common.optional')}</span>
            </span>
            <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} data-testid="task-due" />
          </label>
        </div>
        <fieldset className="segmented">
          <legend>{t('tasks.priorityLabel')}</legend>
          {TASK_PRIORITIES.map((p) => (
            <label key={p}>
              <input type="radio" name="task-priority" value={p} checked={priority === p} onChange={() => setPriority(p)} />
              <span>{t(`taskPriority.${p}`)}</span>
            </label>
          ))}
        </fieldset>
        <RefusalLine refusal={refusal} />
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={title.trim() === '' || refusal !== null || busy} data-testid="confirm-task">
            {t('tasks.create')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
