export const BUILD_INPUTS: string[];
export function inputsHash(root?: string, inputs?: string[]): string;
export function buildIsCurrent(root?: string, hash?: string): boolean;
