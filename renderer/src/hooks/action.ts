/** Runs a desk command from a component, keeping its error for display. */
import { useCallback, useState } from 'react';
import type { Command } from '../../../shared/commands.ts';
import { submit } from '../bridge/bridge.ts';

export function useSubmit(): { run: (command: Command) => Promise<boolean>; error: string | null; busy: boolean } {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (command: Command) => {
    setBusy(true);
    setError(null);
    try {
      await submit(command);
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, error, busy };
}
