/**
 * The files a command writes: opened private (mode 0600) before the work that fills them, named
 * beside the database when no --out is given, and a progress bar on the terminal meanwhile.
 */
import { closeSync, existsSync, fchmodSync, mkdirSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError, stringOption, type CliIo, type RunContext } from './command.ts';

/**
 * Opens the output file before any card is issued: the codes exist only in the printed sheet, so a
 * sheet that cannot be written must stop the command before the cards are made.
 */
export function openOutput(path: string): { write(data: Buffer | string): void; discard(): void } {
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliError(`${path} is a directory; give a file name`);
  if (!existsSync(dirname(path))) throw new CliError(`cannot write ${path}: the folder ${dirname(path)} does not exist`);
  const existed = existsSync(path);
  let fd: number;
  try {
    fd = openSync(path, 'w', 0o600);
    // The mode of open() applies only to a new file: an existing one is made private too.
    fchmodSync(fd, 0o600);
  } catch (err) {
    throw new CliError(`cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let open = true;
  return {
    write(data) {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      closeSync(fd);
      open = false;
    },
    /** Closes the file unwritten; one that this command created is removed again. */
    discard() {
      if (!open) return;
      closeSync(fd);
      open = false;
      if (!existed) unlinkSync(path);
    },
  };
}

/** `[#####.....]  120/342 cards` on stderr, redrawn in place; only on a terminal. */
export function progressBar(io: CliIo, label: string): { update(done: number, total: number): void; end(): void } {
  if (!io.stderr.isTTY) return { update: () => {}, end: () => {} };
  let last = -1;
  let drawn = false;
  return {
    update(done, total) {
      const width = Math.max(10, Math.min(40, (io.stderr.columns ?? 80) - 30));
      const filled = total === 0 ? width : Math.round((done / total) * width);
      if (filled === last && done !== total) return;
      last = filled;
      drawn = true;
      io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`);
    },
    end() {
      if (drawn) io.stderr.write('\n');
    },
  };
}

/**
 * `--out`, or a new file for codes beside the database (`data/` by default, ignored by git):
 * `NAME.pdf`, or `NAME-2.pdf` ... when that exists, so an earlier sheet is never overwritten.
 */
export function outputOrDefault(ctx: RunContext, name: string): string {
  if (typeof ctx.values.out === 'string') return ctx.path(stringOption(ctx.values, 'out'));
  const dir = dirname(ctx.dbPath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let n = 1; ; n++) {
    const file = join(dir, `${name}${n === 1 ? '' : `-${n}`}.pdf`);
    if (!existsSync(file)) return file;
  }
}

