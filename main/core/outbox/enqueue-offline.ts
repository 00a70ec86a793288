/**
 * Queues an action straight into a desk's store without connecting: what a desk
 * does when a receptionist acts while offline, usable from the sync CLI
 * (`--enqueue`) and the chaos harness. A running desk on the same directory picks
 * it up (it polls the store's data_version) and sends it when online.
 */
import { randomUUID } from 'node:crypto';
import { CommandSchema, describeCommand } from '../../../shared/commands.ts';
import { DeskStore, type OutboxRow } from '../store/desk-store.ts';
import { describeIssue } from '../../../shared/zod-issue.ts';

export interface EnqueueOfflineOptions {
  dataDir: string;
  /** The command as JSON text or value; validated with the shared schema. */
  command: unknown;
  /** Defaults to the last user who logged in on this desk. */
  operator?: string;
  nativeBinding?: string;
  /** Idempotency key; a fresh UUID unless given. */
  key?: string;
}

export function enqueueOffline(options: EnqueueOfflineOptions): OutboxRow {
  const parsed = CommandSchema.safeParse(options.command);
  if (!parsed.success) {
    throw new Error(`not a valid command: ${describeIssue(parsed.error)}`);
  }
  const store = DeskStore.open({ dataDir: options.dataDir, nativeBinding: options.nativeBinding, check: 'none' });
  try {
    const last = store.getMeta('lastUser');
    if (!last) throw new Error(`nobody has logged in on the desk in ${options.dataDir} yet: run sync with --email/--password once first`);
    const user = JSON.parse(last) as { name: string; email: string; orgId: string };
    return store.insertOutbox({
      key: options.key ?? randomUUID(),
      orgId: user.orgId,
      command: parsed.data,
      description: describeCommand(parsed.data),
      operator: options.operator ?? `${user.name} <${user.email}>`,
      createdAt: new Date().toISOString(),
    });
  } finally {
    store.close();
  }
}
