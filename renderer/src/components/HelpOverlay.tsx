/** The keyboard shortcuts, shown with `?`. */
import { SHORTCUTS } from '../hooks/shortcuts.ts';
import { toggleHelp, useUi } from '../state/ui.ts';
import { Modal } from './Modal.tsx';

export function HelpOverlay() {
  const open = useUi((s) => s.helpOpen);
  if (!open) return null;
  return (
    <Modal title="Keyboard shortcuts" onClose={() => toggleHelp(false)} testId="help-overlay">
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                {s.keys.split('  or  ').map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ' or ' : null}
                    {k.split(' ').map((part) => (
                      <kbd key={part}>{part}</kbd>
                    ))}
                  </span>
                ))}
              </td>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
