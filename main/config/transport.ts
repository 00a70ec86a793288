/**
 * The desk talks to its gateway over TLS (https:// / wss://) unless the gateway
 * is on this machine: a plain http:// or ws:// URL to any other host would send
 * passwords, tokens and guest data in clear over the hotel network. IT can allow
 * it for a closed network with the policy key `allowInsecureTransport`.
 */

/** Loopback hosts: traffic to them never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * A sentence saying why `serverUrl` is refused, or null when the desk may use it.
 * A list of gateway nodes ("URL1,URL2") is checked node by node.
 */
export function insecureTransportProblem(serverUrl: string, allowInsecureTransport: boolean): string | null {
  if (serverUrl.includes(',')) {
    for (const one of serverUrl
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean)) {
      const problem = insecureTransportProblem(one, allowInsecureTransport);
      if (problem) return problem;
    }
    return null;
  }
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return `${serverUrl} is not a URL`;
  }
  const plain = url.protocol === 'http:' || url.protocol === 'ws:';
  if (!plain || allowInsecureTransport || isLoopbackHost(url.hostname)) return null;
  return (
    `${serverUrl} is unencrypted (${url.protocol.slice(0, -1)}://) and not on this machine: passwords and guest data would cross the network in clear. ` +
    `Use https:// (the gateway behind TLS), or ask IT to set "allowInsecureTransport": true in the policy file for a closed network.`
  );
}
