// `npm run typecheck`: the four tsconfigs, one per environment (docs/architecture.md, "Boundaries"),
// two at a time (the longest first), since each tsc uses one core. Prints each one's errors and exits
// 1 when any fails.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = ['tsconfig.test.json', 'tsconfig.json', 'tsconfig.dom.json', 'tsconfig.shared.json'];

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', project], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (code) => resolve({ project, code, output }));
  });
}

let failed = false;
const queue = [...projects];
async function worker() {
  for (let project = queue.shift(); project; project = queue.shift()) {
    const { code, output } = await check(project);
    if (output) process.stdout.write(output);
    if (code !== 0) {
      failed = true;
      console.error(`tsc -p ${project} failed`);
    }
  }
}
await Promise.all([worker(), worker()]);
process.exit(failed ? 1 : 0);
