#!/usr/bin/env node
// The organiser's command line (`npx stemkaart <command>`): runs the TypeScript source through tsx.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../server/cli/main.ts', import.meta.url);
await main();
