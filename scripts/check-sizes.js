#!/usr/bin/env node
/**
 * The size rule (`npm run check`): no source file over 450 lines unless it says why at its top, in
 * its first 15 lines, as a comment with `size-reason:` and at least a sentence, e.g.
 *   // size-reason: one table of every wire schema; split, a reader would hunt across files.
 * A file is a room a person should hold in their head; past 450 lines it is usually two rooms.
 * Source files: the tracked .ts, .js and .css files outside test/fixtures/ (tests count too).
 * Exit code 1 with the offenders and their line counts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const MAX_LINES = 450;

/**
 * Files over the limit allowed without a reason. The ten there when the rule came (issue 27) were
 * split by what changes together, or given their reason (shared/schemas.ts); the list stays empty:
 * add none.
 */
export const KNOWN_OFFENDERS = [];

const REASON = /size-reason:\s*(.{20,})/;

/** The problem with one file's text, or null when it keeps the rule. */
export function sizeProblem(path, text) {
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines <= MAX_LINES) return null;
  if (REASON.test(text.split('\n').slice(0, 15).join('\n'))) return null;
  return `${path}: ${lines} lines (more than ${MAX_LINES}) and no "size-reason:" at its top`;
}

export function sourceFiles(root) {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.js', '*.css'], { cwd: root, encoding: 'utf8' });
  return listed.split('\n').filter((f) => f && !f.startsWith('test/fixtures/'));
}

export function checkSizes(root) {
  const problems = [];
  for (const file of sourceFiles(root)) {
    if (KNOWN_OFFENDERS.includes(file)) continue;
    let text;
    try {
      text = readFileSync(resolve(root, file), 'utf8');
    } catch {
      continue; // deleted in the working tree, not yet committed
    }
    const problem = sizeProblem(file, text);
    if (problem) problems.push(problem);
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const problems = checkSizes(resolve(import.meta.dirname, '..'));
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\nSplit by what changes together, or say at the top why it is one file (docs/architecture.md, "Adding a module").`);
    process.exit(1);
  }
  console.log(`sizes: every source file within ${MAX_LINES} lines or saying why (${KNOWN_OFFENDERS.length} known offenders allowed for now)`);
}
