/** Sends a desk command from a folio screen, keeping its error and the queued item (its key names what it creates). */
import { useCallback, useState } from 'react';
import type { Command } from '../../../../shared/commands.ts';
import type { OutboxItemView } from '../../../../shared/ipc.ts';
import { submit } from '../../bridge/bridge.ts';

export function useCommand(): { run: (command: Command) => Promise<OutboxItemView | null>; error: string | null; busy: boolean } {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (command: Command) => {
    setBusy(true);
    setError(null);
    try {
      return await submit(command);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return null;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, error, busy };
}
