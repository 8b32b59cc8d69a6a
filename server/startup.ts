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

/** Ends the process after a failed start: the one line when a person can fix it, else the stack; exit 1. */
export function failStart(err: unknown, where: { host: string; port: number }): never {
  const line = startupErrorLine(err, where);
  console.error(line ?? err);
  process.exit(1);
}

/**
 * Stops on SIGTERM (systemd, `kill`) or SIGINT (Ctrl-C): closes the app, which finishes what is under
 * way and closes the database (onClose hooks), and exits 0; exits 1 when closing fails or takes
 * longer than 10 s. A second signal while closing changes nothing.
 */
export function closeOnSignals(app: { close(): Promise<unknown>; log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void } }): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await app.close();
      clearTimeout(timer);
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error while closing');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
