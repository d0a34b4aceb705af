/** Removes IPv4 and IPv6 addresses (with zone ids, IPv4-mapped forms) → `[ip]`. */
import { isIPv4, isIPv6 } from 'node:net';
import { type Detector, replaceMatches } from './detector.ts';

const IPV4 = /(?<![0-9.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9])/g;
// Candidate runs of hex groups and colons (at most 8 groups, optional dotted tail); validated by node:net.
const IPV6 =
  /(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,8}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?:%[0-9A-Za-z]{1,16})?(?![0-9A-Za-z:.])/g;

function validV6(candidate: string): boolean {
  const zone = candidate.indexOf('%');
  const bare = zone < 0 ? candidate : candidate.slice(0, zone);
  return isIPv6(bare);
}

export const ipDetector: Detector = {
  kind: 'ip',
  replace(text) {
    let out = text;
    if (out.indexOf(':') >= 0) out = replaceMatches(out, IPV6, '[ip]', validV6);
    if (out.indexOf('.') >= 0) out = replaceMatches(out, IPV4, '[ip]', (m) => isIPv4(m));
    return out;
  },
};
