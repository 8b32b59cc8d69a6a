import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { readdirSync } from 'node:fs';
import { allowedFor, forbiddenFor, layerOf, MODULE_LAYERS } from './server/modules/layers.js';

// Where code may reach (docs/architecture.md, "Clients"). The environments themselves (DOM or Node)
// are the tsconfigs' work; these rules keep the imports between the folders one-way:
// clients → client-kit → shared ← server. test/boundaries.test.ts shows each rule firing.
const CLIENTS = ['kiosk-client', 'projector-view', 'chair-console'];
const folder = (names) => `(^|/)(${names.join('|')})/`;
const NO_SERVER = { regex: folder(['server']), message: 'A client reaches the server over HTTP and the live feed only; what both sides need belongs in shared/.' };
const NO_NODE = { regex: '^node:', message: 'Browser code cannot use Node modules.' };
// shared/ is written with zod/mini, so a page's bundle carries only the schemas and checks it uses.
const NO_CLASSIC_ZOD = { regex: '^zod$', message: "Browser code uses 'zod/mini', as shared/ does: classic zod puts all of zod (about 20 kB gzip) into the page." };
const NO_BROWSER = { regex: folder([...CLIENTS, 'client-kit']), message: 'The server never imports browser code; what both sides need belongs in shared/.' };
// The services are built by server/domain.ts (the composition root) and get what they need as
// parameters; they never reach back up to it, to the app, its plugins or the command line.
const NO_COMPOSITION_ROOT = {
  regex: '(^|/)(domain|app|main)\\.ts$|(^|/)(plugins|cli)/',
  message: 'Services import no composition root (server/domain.ts, app.ts, main.ts, plugins, cli): take what you need as a parameter.',
};
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

// The layers of server/modules/ (server/modules/layers.js, docs/architecture.md "Modules"): a module
// imports from the layers below its own only. Every folder there must be in a layer.
const MODULES_DIR = new URL('./server/modules/', import.meta.url);
const unlayered = readdirSync(MODULES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory() && layerOf(e.name) < 0).map((e) => e.name);
if (unlayered.length > 0) throw new Error(`server/modules/${unlayered.join(', ')}: in no layer of server/modules/layers.js; add each to the layer it belongs to`);
const names = (modules) => modules.map((m) => (m === 'context' ? 'context\\.ts$' : `${m}(/|\\.ts$)`)).join('|');
const layerRule = (module, from) => {
  const layer = layerOf(module);
  const allowed = allowedFor(module);
  return {
    // From a module's folder its neighbours are `../name/…`; from server/modules/context.ts, `./name/…`.
    regex: `${from}(${names(forbiddenFor(module))})`,
    message:
      `Module layers (server/modules/layers.js): ${module} is in layer ${layer + 1} of ${MODULE_LAYERS.length} and imports only from the layers below` +
      ` (${allowed.length ? allowed.join(', ') : 'none'}). Move what needs the higher module up, or have server/domain.ts pass it in (a callback, a port, an event after commit).`,
  };
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', '.tmp/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['server/**', 'bench/**', 'scripts/**', 'bin/**'],
    rules: restrict(NO_BROWSER),
  },
  {
    files: ['server/modules/**/*.ts', 'server/db/**/*.ts', 'server/lib/**/*.ts'],
    rules: restrict(NO_BROWSER, NO_COMPOSITION_ROOT),
  },
  // One block per module (no-restricted-imports of a later block replaces an earlier one's, so each
  // repeats the two rules above).
  ...MODULE_LAYERS.flat()
    .filter((module) => module !== 'context')
    .map((module) => ({
      files: [`server/modules/${module}/**/*.ts`],
      rules: restrict(NO_BROWSER, NO_COMPOSITION_ROOT, layerRule(module, '^(\\.\\./|(\\.\\./)+modules/)')),
    })),
  {
    files: ['server/modules/context.ts'],
    rules: restrict(NO_BROWSER, NO_COMPOSITION_ROOT, layerRule('context', '^\\./')),
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: restrict({
      regex: '^(?!zod/mini$|\\./)',
      message: "shared/ is the wire contract: it imports 'zod/mini' and shared/ only (no server, browser or Node code, and not classic zod, which every page would carry whole).",
    }),
  },
  {
    files: ['client-kit/**'],
    languageOptions: { globals: globals.browser },
    rules: restrict(NO_SERVER, NO_NODE, NO_CLASSIC_ZOD, { regex: folder(CLIENTS), message: 'client-kit serves every client and knows none of them.' }),
  },
  ...CLIENTS.map((client) => ({
    files: [`${client}/src/**`],
    languageOptions: { globals: globals.browser },
    rules: restrict(NO_SERVER, NO_NODE, NO_CLASSIC_ZOD, {
      regex: folder(CLIENTS.filter((other) => other !== client)),
      message: 'Clients share code only through client-kit/ (and the wire contract in shared/).',
    }),
  })),
  // Classic scripts a client page loads as they are (the kiosk's watchdog, boot.js).
  { files: CLIENTS.map((client) => `${client}/public/**/*.js`), languageOptions: { globals: globals.browser } },
);
