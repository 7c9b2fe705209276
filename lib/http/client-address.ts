/**
 * The address a request comes from, for per-client limits. The peer is the socket's address
 * (recorded by scripts/peer-address.cjs); X-Forwarded-For is believed only as far as it was
 * written by proxies in BERTH_TRUSTED_PROXIES, walking from the nearest hop outwards, so a client
 * cannot pick its own address by sending the header.
 */
const normalize = (address: string) =>
  address
    .trim()
    .toLowerCase()
    .replace(/^::ffff:/, '');

export function clientAddress(
  headers: Headers,
  trustedProxies: readonly string[],
  peerHeaderTrusted = process.env.BERTH_PEER_HEADER === '1',
): string {
  const peer = peerHeaderTrusted ? normalize(headers.get('x-berth-peer') ?? '') : '';
  if (!peer) return 'unknown';
  const trusted = new Set(trustedProxies.map(normalize));
  if (!trusted.has(peer)) return peer;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map(normalize).filter(Boolean);
  // The nearest hop no trusted proxy wrote; if every hop is trusted, the leftmost one.
  const nearestUntrusted = hops.findLast((hop) => !trusted.has(hop));
  return nearestUntrusted ?? hops[0] ?? peer;
}
