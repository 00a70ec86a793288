/** SHA-256 of an event's chain input (see shared/chain.ts). */
import { createHash } from 'node:crypto';
import { chainInput } from '../../shared/chain.ts';

export function eventHash(prevHash: string, seq: number, epoch: string, id: string, kind: string, dataJson: string): string {
  return createHash('sha256').update(chainInput(prevHash, seq, epoch, id, kind, dataJson)).digest('hex');
}
