/** Runs a desk command from a component, keeping its error for display. */
import { useCallback, useState } from 'react';
import type { Command } from '../../../shared/commands.ts';
import type { OutboxItemView } from '../../../shared/ipc.ts';
import { submit } from '../bridge/bridge.ts';

/** `run` resolves with the queued item (its key names what the command creates), or null on failure. */
export function useSubmit(): { run: (command: Command) => Promise<OutboxItemView | null>; error: string | null; busy: boolean } {
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
