/**
 * The harness's outbox writer, in its own process. Queuing an action opens the desk's
 * SQLite file synchronously (and may wait on the desk's write lock); doing that in the
 * harness would freeze its event loop and with it every fault proxy — an unplanned
 * stall of all desks. So the harness forks this once and sends it requests over IPC:
 *   { id, dataDir, command, key, operator }  →  { id, ok: true } | { id, ok: false, error }
 */
import { enqueueOffline } from '../../main/core/outbox/enqueue-offline.ts';

interface Request {
  id: number;
  dataDir: string;
  command: unknown;
  key: string;
  operator: string;
}

if (!process.send) {
  console.error('enqueuer-process.ts is started by the chaos harness (child_process.fork), not by hand');
  process.exit(2);
}

process.on('message', (msg: Request) => {
  let reply: { id: number; ok: boolean; error?: string };
  try {
    enqueueOffline({ dataDir: msg.dataDir, command: msg.command, key: msg.key, operator: msg.operator });
    reply = { id: msg.id, ok: true };
  } catch (err) {
    reply = { id: msg.id, ok: false, error: (err as Error).message };
  }
  process.send!(reply);
});
// Exit with the harness.
process.on('disconnect', () => process.exit(0));
