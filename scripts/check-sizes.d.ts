/** Types of scripts/check-sizes.js for the TypeScript that calls it (tests). */
export declare const MAX_LINES: number;
export declare const KNOWN_OFFENDERS: string[];
export declare function sizeProblem(path: string, text: string): string | null;
export declare function sourceFiles(root: string): string[];
export declare function checkSizes(root: string): string[];
