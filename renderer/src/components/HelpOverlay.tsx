/** The keyboard shortcuts, shown with `?`. */
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from '../hooks/shortcuts.ts';
import { toggleHelp, useUi } from '../state/ui.ts';
import { Modal } from './Modal.tsx';

export function HelpOverlay() {
  const { t } = useTranslation();
  const open = useUi((s) => s.helpOpen);
  if (!open) return null;
  return (
    <Modal title={t('help.title')} onClose={() => toggleHelp(false)} testId="help-overlay">
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">{t('help.keys')}</th>
            <th scope="col">{t('help.does')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                {s.keys.split('  or  ').map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ` ${t('help.or')} ` : null}
                    {k.split(' ').map((part) => (
                      <kbd key={part}>{part}</kbd>
                    ))}
                  </span>
                ))}
              </td>
              <td>{t(s.does)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
