/**
 * A desk may know several gateways (nodes of one cluster): `--server URL1,URL2` or the
 * policy's `serverUrls`. They travel as one comma-separated string (the desk's
 * `serverUrl`), parsed here; the desk talks to one at a time and moves to the next
 * when that one stops answering, resuming from its cursor (seqs are the cluster's).
 */
export function parseGatewayList(text: string): string[] {
  const urls = text
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  if (urls.length === 0) throw new Error('no gateway URL given');
  for (const u of urls) {
    if (!/^(https?|wss?):\/\/[^/\s]+/i.test(u)) throw new Error(`"${u}" is not an http(s):// or ws(s):// URL`);
  }
  return urls;
}
