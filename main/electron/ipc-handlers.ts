/**
 * ipcMain side of the IPC contract: one handler per invoke channel of shared/ipc.ts.
 * Before the core sees a request, the sender must be the top frame of one of our
 * windows showing our own origin, and the payload must pass `validateInvoke`.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { invokeChannels, validateInvoke, type InvokeChannel } from '../../shared/ipc.ts';
import type { DeskCore } from '../core/host-contract.ts';
import { isAppUrl } from './app-protocol.ts';
import type { WindowRegistry } from './windows.ts';

export interface IpcLog {
  warn(obj: object, msg: string): void;
}

export function isTrustedSender(event: IpcMainInvokeEvent, windows: WindowRegistry): boolean {
  const frame = event.senderFrame;
  // senderFrame is null when the frame navigated away or was destroyed mid-call.
  if (!frame || frame.parent !== null) return false;
  // The top frame of the sending web contents (compared by identity, not wrapper object).
  const top = event.sender.mainFrame;
  if (frame.processId !== top.processId || frame.routingId !== top.routingId) return false;
  if (!windows.owns(event.sender)) return false;
  return isAppUrl(frame.url);
}

export function registerIpcHandlers(core: DeskCore, windows: WindowRegistry, log: IpcLog): () => void {
  const channels = Object.keys(invokeChannels) as InvokeChannel[];
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!isTrustedSender(event, windows)) {
        log.warn({ channel, url: event.senderFrame?.url.slice(0, 200) ?? null }, 'refused IPC from an untrusted sender');
        throw new Error(`refused ${channel}: the sender is not a Frontdesk window`);
      }
      const valid = validateInvoke(channel, payload);
      if (!valid.ok) {
        log.warn({ channel, error: valid.error }, 'rejected invalid invoke');
        throw new Error(valid.error);
      }
      return core.invoke(channel, valid.value, { sender: event.sender });
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
