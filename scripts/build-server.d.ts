/** Types of scripts/build-server.js for the TypeScript that calls it (tests, benchmarks). */
export function bundleServer(entry: string, outdir: string): Promise<void>;
