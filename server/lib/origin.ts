/**
 * Whether a browser's `Origin` names this server: the origin of its public URL, or the host the
 * request was sent to (the `Host` header, which a page of another site cannot set). `null` (a
 * sandboxed frame, a file) and anything unparsable are foreign.
 */
export function isOwnOrigin(origin: string, host: string | undefined, publicUrl: string): boolean {
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return false;
  }
  if (from.origin === 'null') return false;
  try {
    if (from.origin === new URL(publicUrl).origin) return true;
  } catch {
    // a public URL that does not parse names no origin
  }
  if (!host) return false;
  try {
    // Parsed with the origin's scheme, so that `Host: example.org:80` equals `http://example.org`.
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}
