/**
 * The client address used for the visitor id, in one canonical form whatever the log wrote: the
 * first X-Forwarded-For entry when one is logged, no port or brackets, IPv6 per RFC 5952, IPv4-mapped
 * IPv6 written as IPv4. `-` when absent. The result is never written anywhere.
 */
import ipaddr from 'ipaddr.js';

const PLAIN_IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

export function clientAddress(clientIp: string, forwardedFor: string | null): string {
  if (forwardedFor) {
    const first = forwardedFor.split(',')[0]!.trim();
    if (first && first !== '-' && first.toLowerCase() !== 'unknown') return canonicalIp(first);
  }
  return clientIp ? canonicalIp(clientIp) : '-';
}

export function canonicalIp(raw: string): string {
  if (PLAIN_IPV4.test(raw)) return raw;
  let text = raw.trim();
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close > 0) text = text.slice(1, close);
  } else if (text.indexOf(':') === text.lastIndexOf(':') && text.indexOf('.') > 0) {
    // a.b.c.d:port
    text = text.slice(0, text.indexOf(':') < 0 ? text.length : text.indexOf(':'));
  }
  const zone = text.indexOf('%');
  if (zone > 0) text = text.slice(0, zone);
  try {
    const addr = ipaddr.parse(text);
    if (addr.kind() === 'ipv6') {
      const v6 = addr as ipaddr.IPv6;
      return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toRFC5952String();
    }
    return addr.toString();
  } catch {
    // Load balancers write IPv6 clients as `address:port`: try again without the last group.
    const lastColon = text.lastIndexOf(':');
    if (
      lastColon > 0 &&
      /^\d{1,5}$/.test(text.slice(lastColon + 1)) &&
      ipaddr.isValid(text.slice(0, lastColon))
    ) {
      return canonicalIp(text.slice(0, lastColon));
    }
    // Host names (HostnameLookups On) and oddities still identify the client: use them as they are.
    return text.toLowerCase() || '-';
  }
}
