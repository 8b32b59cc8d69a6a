import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The services are built by server/domain.ts (the composition root) and get what they need as
    // parameters; they never reach back up to it, to the app, its plugins or the command line.
    files: ['server/modules/**/*.ts', 'server/db/**/*.ts', 'server/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(domain|app|main)\\.ts$|(^|/)(plugins|cli)/',
              message: 'Services import no composition root (server/domain.ts, app.ts, main.ts, plugins, cli): take what you need as a parameter.',
            },
          ],
        },
      ],
    },
  },
);
