export interface BundleSize {
  raw: number;
  gzip: number;
  files: string[];
}
export function initialScripts(dist: string, page: string): string[];
export function bundleSizes(dist?: string): Record<'kiosk' | 'projector' | 'home' | 'record' | 'receipt' | 'chair start' | 'chair all', BundleSize>;
