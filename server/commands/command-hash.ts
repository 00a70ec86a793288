/** Fingerprint of a command, so a reused idempotency key with a different body is detected. */
import { createHash } from 'node:crypto';
import type { Command } from '../../shared/commands.ts';

export function commandHash(command: Command): string {
  return createHash('sha256').update(JSON.stringify(command)).digest('base64url');
}
