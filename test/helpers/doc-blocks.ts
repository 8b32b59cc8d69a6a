/**
 * The shell blocks of README.md and docs/**.md, as test/docs.test.ts runs them. A block fenced as
 * ```sh (or bash, shell) is run as written. An HTML comment on the line before it may say how:
 *
 *   <!-- docs-test: background -->         a server: started in a terminal of its own (a clean
 *                                          environment), waited for until it prints
 *                                          `listening on`, stopped (SIGTERM) when the next
 *                                          background block starts or the document ends
 *   <!-- docs-test: stop-server -->        run after stopping the background server, as the text
 *                                          tells the reader to (Ctrl+C in its terminal)
 *   <!-- docs-test: skip: <reason> -->     not run; the reason is printed by the test and must say
 *                                          why (root, systemd, another machine ...)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export type BlockMode = 'run' | 'background' | 'stop-server' | 'skip';

export interface DocBlock {
  /** Path from the repository root, e.g. `docs/venue.md`. */
  file: string;
  /** Line of the opening fence (1-based). */
  line: number;
  code: string;
  mode: BlockMode;
  /** Why a skipped block is not run. */
  reason?: string;
}

const RUNNABLE = new Set(['sh', 'bash', 'shell']);
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)[^`]*$/;
const ANNOTATION = /^\s*<!--\s*docs-test:\s*(.*?)\s*-->\s*$/;

/** Every runnable block of one Markdown text, with its annotation. Throws on an unknown annotation. */
export function extractBlocks(file: string, text: string): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const trimmed = lines[j].trim();
      if (trimmed.startsWith(fence[0].repeat(fence.length)) && trimmed.replace(/[`~]/g, '') === '') break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    if (RUNNABLE.has(lang.toLowerCase())) {
      let k = i - 1;
      while (k >= 0 && lines[k].trim() === '') k--;
      const note = k >= 0 ? ANNOTATION.exec(lines[k]) : null;
      let mode: BlockMode = 'run';
      let reason: string | undefined;
      if (note) {
        const [word, ...rest] = note[1].split(':');
        if ((word.trim() === 'background' || word.trim() === 'stop-server') && rest.length === 0) mode = word.trim() as BlockMode;
        else if (word.trim() === 'skip') {
          mode = 'skip';
          reason = rest.join(':').trim();
        } else throw new Error(`${file}:${k + 1}: unknown docs-test annotation "${note[1]}" (background, stop-server, or skip: <reason>)`);
      }
      blocks.push({ file, line: i + 1, code: body.join('\n'), mode, reason });
    }
    i = j;
  }
  return blocks;
}

/** README.md and every Markdown file under docs/, in a stable order. */
export function documentedFiles(root: string): string[] {
  const found: string[] = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) found.push(relative(root, path));
    }
  };
  walk(join(root, 'docs'));
  return found;
}

export function blocksOf(root: string): DocBlock[] {
  return documentedFiles(root).flatMap((file) => extractBlocks(file, readFileSync(join(root, file), 'utf8')));
}

/**
 * One bash script that runs a document's blocks in order, as a reader at a terminal would: the
 * foreground blocks in one shell (variables and `cd` carry over), each background block in a shell
 * of its own with only the starting environment. `set -euo pipefail`, and curl fails on an HTTP error
 * (--fail-with-body), so a flow that goes wrong stops the script.
 */
export function scriptFor(blocks: DocBlock[], blockFile: (index: number) => string): string {
  const out: string[] = [
    'set -euo pipefail',
    'export -p > .docs-test/base-env',
    'curl() { command curl --fail-with-body --show-error --max-time 120 "$@"; }',
    '__bg=""',
    '__stop_bg() {',
    '  if [ -n "$__bg" ]; then kill -TERM -- "-$__bg" 2>/dev/null || true; wait "$__bg" 2>/dev/null || true; __bg=""; fi',
    '}',
    'trap __stop_bg EXIT',
    '__start_bg() {',
    '  __stop_bg',
    '  setsid env -i bash -c \'source .docs-test/base-env; set -euo pipefail; source "$0"\' "$1" > "$2" 2>&1 &',
    '  __bg=$!',
    '  for _ in $(seq 1 1800); do',
    '    if grep -q "^listening on " "$2"; then echo "(started: $(grep -m1 "^listening on " "$2"))"; return 0; fi',
    '    if ! kill -0 "$__bg" 2>/dev/null; then echo "$3 ended before it printed \'listening on\':"; cat "$2"; exit 1; fi',
    '    sleep 0.1',
    '  done',
    '  echo "$3 printed no \'listening on\' within 180 s:"; cat "$2"; exit 1',
    '}',
  ];
  blocks.forEach((b, i) => {
    const where = `${b.file}:${b.line}`;
    if (b.mode === 'skip') out.push(`echo "-- ${where}: skipped (${b.reason!.replace(/["$`\\]/g, '')})"`);
    else if (b.mode === 'background') out.push(`echo "-- ${where} (in the background) [at \${SECONDS}s]"`, `__start_bg ${blockFile(i)} .docs-test/background-${i}.log "${where}"`);
    else if (b.mode === 'stop-server') out.push(`echo "-- ${where} (after stopping the server)"`, '__stop_bg', `source ${blockFile(i)}`);
    else out.push(`echo "-- ${where} [at \${SECONDS}s]"`, `source ${blockFile(i)}`);
  });
  out.push('echo "-- all blocks ran [at ${SECONDS}s]"');
  return `${out.join('\n')}\n`;
}
