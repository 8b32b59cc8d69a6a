import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `Tests: N passed, N failed, N skipped`, that CI reads; before it,
 * the slowest test files (import and tests, in seconds), so that a run's log says where the time
 * went.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (mod.state() === 'failed' && mod.children.size === 0) failed++;
    }
    if (testModules.length > 1) {
      const seconds = (mod: TestModule) => {
        const d = mod.diagnostic();
        return (d.collectDuration + d.setupDuration + d.prepareDuration + d.duration) / 1000;
      };
      const slowest = [...testModules].sort((a, b) => seconds(b) - seconds(a)).slice(0, 10);
      const total = testModules.reduce((sum, mod) => sum + seconds(mod), 0);
      console.log(`\nSlowest test files (of ${Math.round(total)} s in ${testModules.length} files):`);
      for (const mod of slowest) console.log(`  ${seconds(mod).toFixed(1).padStart(6)} s  ${mod.relativeModuleId}`);
    }
    console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
