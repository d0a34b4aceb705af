/** The page-view rule of docs/tables.md, on the user-agent verdict: a non-bot GET, 2xx or 304, not a static asset. */

export const DEFAULT_STATIC_EXTENSIONS = [
  'css',
  'js',
  'mjs',
  'map',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'avif',
  'svg',
  'ico',
  'bmp',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'mp4',
  'webm',
  'mp3',
  'wav',
  'ogg',
];

/** Lower-case extension of the last path segment, or ''. */
export function extensionOf(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  if (dot <= slash + 1) return '';
  return path.slice(dot + 1).toLowerCase();
}

/** The raw path's last segment ends in one of `staticExtensions` (case-insensitive). */
export function isStaticAsset(rawPath: string, staticExtensions: ReadonlySet<string>): boolean {
  return staticExtensions.has(extensionOf(rawPath));
}

/** `staticAsset`: isStaticAsset of the request's raw path (callers cache it with the path). */
export function isPageView(isBot: boolean, method: string, status: number, staticAsset: boolean): boolean {
  if (isBot || method !== 'GET') return false;
  if (!((status >= 200 && status <= 299) || status === 304)) return false;
  return !staticAsset;
}
