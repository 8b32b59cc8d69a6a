#!/usr/bin/env node
// The organiser's command line (`npx stemkaart <command>`): runs the TypeScript source through tsx.
// `npx stemkaart relay` starts a feed relay (docs/scaling.md), as `npm run start:relay` does.
import { tsImport } from 'tsx/esm/api';

if (process.argv[2] === 'relay') {
  await tsImport('../server/relay/main.ts', import.meta.url);
} else {
  const { main } = await tsImport('../server/cli/main.ts', import.meta.url);
  await main();
}
