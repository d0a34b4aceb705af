/**
 * Hosting and cloud networks, by autonomous system number: a client address announced by one of
 * these is a server, not a person's connection. A browser user agent from such an address is the
 * commonest fake traffic (headless browsers driven on cloud machines); `--hosting-bots on` counts its
 * hits as bot hits named `(hosting network)`.
 *
 * Source: each operator's own autonomous systems as its peering records publish them, checked against
 * the organisation name the ASN database (`@ip-location-db/asn`) gives for the number — a test
 * fails when the installed database names another organisation. Licence: part of logveil (MIT); the
 * numbers are public routing facts.
 *
 * Deliberately left out: networks whose addresses are mostly people's — Google's own AS15169
 * (Chrome's prefetch proxy and Google's offices), Cloudflare (WARP users), CDNs' edge networks, VPN
 * providers and mobile or residential carriers. Microsoft's AS8075 is in: it carries Azure, and
 * Microsoft's office traffic with it (docs/privacy.md says so).
 */

export interface HostingNetwork {
  readonly asn: number;
  /** Who runs it, as analysts know the name. */
  readonly operator: string;
  /** A word the ASN database's organisation name for the number contains (checked by a test). */
  readonly organisation: string;
}

export const HOSTING_NETWORKS: readonly HostingNetwork[] = [
  { asn: 16509, operator: 'Amazon Web Services', organisation: 'Amazon' },
  { asn: 14618, operator: 'Amazon Web Services', organisation: 'Amazon' },
  { asn: 8987, operator: 'Amazon Web Services', organisation: 'Amazon' },
  { asn: 38895, operator: 'Amazon Web Services', organisation: 'Amazon' },
  { asn: 7224, operator: 'Amazon Web Services', organisation: 'Amazon' },
  { asn: 396982, operator: 'Google Cloud', organisation: 'Google' },
  { asn: 8075, operator: 'Microsoft Azure', organisation: 'Microsoft' },
  { asn: 14061, operator: 'DigitalOcean', organisation: 'DigitalOcean' },
  { asn: 24940, operator: 'Hetzner', organisation: 'Hetzner' },
  { asn: 213230, operator: 'Hetzner Cloud', organisation: 'Hetzner' },
  { asn: 212317, operator: 'Hetzner', organisation: 'Hetzner' },
  { asn: 16276, operator: 'OVHcloud', organisation: 'OVH' },
  { asn: 63949, operator: 'Akamai (Linode)', organisation: 'Akamai' },
  { asn: 20473, operator: 'Vultr', organisation: 'Constant Company' },
  { asn: 31898, operator: 'Oracle Cloud', organisation: 'Oracle' },
  { asn: 45102, operator: 'Alibaba Cloud', organisation: 'Alibaba' },
  { asn: 37963, operator: 'Alibaba Cloud', organisation: 'Alibaba' },
  { asn: 132203, operator: 'Tencent Cloud', organisation: 'Tencent' },
  { asn: 45090, operator: 'Tencent Cloud', organisation: 'Tencent' },
  { asn: 51167, operator: 'Contabo', organisation: 'Contabo' },
  { asn: 40021, operator: 'Contabo', organisation: 'Contabo' },
  { asn: 12876, operator: 'Scaleway', organisation: 'Scaleway' },
  { asn: 60781, operator: 'Leaseweb', organisation: 'LeaseWeb' },
  { asn: 28753, operator: 'Leaseweb', organisation: 'Leaseweb' },
  { asn: 16265, operator: 'Leaseweb', organisation: 'LeaseWeb' },
  { asn: 8560, operator: 'IONOS', organisation: 'IONOS' },
  { asn: 47583, operator: 'Hostinger', organisation: 'Hostinger' },
  { asn: 136907, operator: 'Huawei Cloud', organisation: 'HUAWEI' },
  { asn: 36351, operator: 'IBM Cloud', organisation: 'IBM' },
  { asn: 202053, operator: 'UpCloud', organisation: 'UpCloud' },
  { asn: 199524, operator: 'G-Core Labs', organisation: 'G-Core' },
  { asn: 40676, operator: 'Psychz Networks', organisation: 'Psychz' },
  { asn: 8100, operator: 'QuadraNet', organisation: 'QuadraNet' },
  { asn: 19994, operator: 'Rackspace', organisation: 'Rackspace' },
  { asn: 21859, operator: 'Zenlayer', organisation: 'Zenlayer' },
  { asn: 49505, operator: 'Selectel', organisation: 'Selectel' },
  { asn: 9123, operator: 'Timeweb', organisation: 'TIMEWEB' },
  { asn: 200350, operator: 'Yandex Cloud', organisation: 'Yandex' },
  { asn: 197540, operator: 'netcup', organisation: 'netcup' },
  { asn: 62240, operator: 'Clouvider', organisation: 'Clouvider' },
  { asn: 3214, operator: 'xTom', organisation: 'xTom' },
];
