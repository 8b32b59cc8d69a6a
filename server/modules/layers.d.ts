/** Types of layers.js (plain JavaScript, read by eslint.config.js). */
export declare const MODULE_LAYERS: string[][];
export declare function layerOf(module: string): number;
export declare function forbiddenFor(module: string): string[];
export declare function allowedFor(module: string): string[];
