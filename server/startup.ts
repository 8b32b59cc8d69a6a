/**
 * Start-up failures a person can act on: one line naming the variable, exit code 1, no stack trace
 * (docs/api.md, "Operations"). Anything else is a bug and keeps its stack.
 */
export class StartupError extends Error {}

/** The one line for a start-up failure, or null when it is not one a person can fix. */
export function startupErrorLine(err: unknown, where: { host: string; port: number }): string | null {
  if (err instanceof StartupError) return err.message;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const { host, port } = where;
  if (code === 'EADDRINUSE') return `STEMKAART_PORT=${port}: the port is taken (another program listens on it on ${host}); choose another port, or 0 for a free one`;
  if (code === 'EACCES') return `STEMKAART_PORT=${port}: this user may not listen on port ${port}${port < 1024 ? ' (ports below 1024 need privileges)' : ''}; choose a port from 1024, or 0 for a free one`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `STEMKAART_HOST=${host}: this machine has no such address; use 127.0.0.1, 0.0.0.0 (every interface) or one of its own addresses`;
  return null;
}
