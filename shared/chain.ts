/**
 * The event log's hash chain, as the gateway writes it and the desk checks it.
 *
 * Every event carries `prevHash` (the hash of the event before it in the log, or
 * GENESIS_HASH for the first) and `hash` = SHA-256 (hex) of `chainInput(...)`. The
 * hash covers the seq, the epoch the event was appended under, its id, kind and
 * data, so a log that hands a seq out twice (a Redis restart from an older
 * snapshot) cannot continue a desk's chain: the next event's prevHash does not
 * match the hash the desk stored. Pure text here; each side hashes with its own
 * crypto (shared/ stays free of node:).
 */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hashed text: a JSON array of the fields (unambiguous whatever they contain)
 * followed by the data's JSON text exactly as serialized once at append
 * (JSON.stringify of the data; a desk re-serializing the parsed data gets the same text).
 */
export function chainInput(prevHash: string, seq: number, epoch: string, id: string, kind: string, dataJson: string): string {
  return JSON.stringify([prevHash, seq, epoch, id, kind]) + dataJson;
}

export const HASH_PATTERN = /^[0-9a-f]{64}$/;
