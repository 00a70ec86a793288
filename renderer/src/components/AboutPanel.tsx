/**
 * About Frontdesk: what a helpdesk asks for on the phone — the version, the
 * gateway, where the data lives and the central policy in effect (read-only:
 * IT changes it, not the desk). Opened from the header's "About" button.
 */
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { AppInfo } from '../../../shared/ipc.ts';
import { appInfo } from '../bridge/bridge.ts';
import { Modal } from './Modal.tsx';

const useAbout = create<{ open: boolean }>()(() => ({ open: false }));
export const openAbout = () => useAbout.setState({ open: true });
const closeAbout = () => useAbout.setState({ open: false });

function AboutContent() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    appInfo().then(
      (i) => live && setInfo(i),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) return <p role="alert">Could not read the app information: {error}</p>;
  if (!info) return <p>Loading…</p>;
  const policyKeys = Object.keys(info.policy.values).sort();
  return (
    <>
      <dl className="about-facts">
        <dt>Version</dt>
        <dd data-testid="about-version">{info.version}</dd>
        <dt>Running as</dt>
        <dd>{info.host === 'electron' ? 'desktop app' : 'browser host'}</dd>
        <dt>Gateway</dt>
        <dd data-testid="about-gateway">{info.serverUrl}</dd>
        <dt>Data directory</dt>
        <dd data-testid="about-data-dir">{info.dataDir}</dd>
        <dt>Policy</dt>
        <dd data-testid="about-policy-source">{info.policy.source ?? 'none (built-in defaults)'}</dd>
      </dl>
      <table className="shortcuts" data-testid="about-policy">
        <caption>Policy in effect (set by IT; read-only here)</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {policyKeys.map((k) => (
            <tr key={k} data-policy-key={k}>
              <td>
                <code>{k}</code>
              </td>
              <td>{String(info.policy.values[k])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function AboutPanel() {
  const open = useAbout((s) => s.open);
  if (!open) return null;
  return (
    <Modal title="About Frontdesk" onClose={closeAbout} testId="about-panel">
      <AboutContent />
    </Modal>
  );
}
