/**
 * Tells the core when retrying now beats waiting for backoff: the OS resumed from
 * sleep, the screen was unlocked (laptops often stay suspended-ish), or the network
 * came back. Electron has no network-change event in main, so net.isOnline() is
 * sampled every few seconds (a cheap local check, no traffic).
 */
import { net, powerMonitor } from 'electron';

const ONLINE_POLL_MS = 3000;

export function watchSystemEvents(nudge: (reason: string) => void): () => void {
  const onResume = (): void => nudge('os resumed');
  const onUnlock = (): void => nudge('screen unlocked');
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);

  let online = net.isOnline();
  const timer = setInterval(() => {
    const now = net.isOnline();
    if (now && !online) nudge('network came back');
    online = now;
  }, ONLINE_POLL_MS);
  timer.unref();

  return () => {
    clearInterval(timer);
    powerMonitor.off('resume', onResume);
    powerMonitor.off('unlock-screen', onUnlock);
  };
}
