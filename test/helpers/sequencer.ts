import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order test files start in, with two workers on two cores: the longest first, so that no long
 * file starts last and runs alone while the other worker idles. Vitest orders by the durations of
 * the last run when its cache has them, and otherwise by file size, which started docs.test.ts
 * (short to read, two minutes to run: it runs every document on a fresh copy) near the end on a
 * fresh clone and made it the run's tail. The documents first, then the browser tests (each starts
 * servers and Chromium), then the rest; within each group vitest's own order.
 */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const group = (file: TestSpecification) => (file.moduleId.endsWith('/docs.test.ts') ? 0 : file.moduleId.endsWith('.browser.test.ts') ? 1 : 2);
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => group(a.file) - group(b.file) || a.index - b.index)
      .map(({ file }) => file);
  }
}
