// ESLint: @eslint/js and typescript-eslint's recommended rules with type information (each file is
// checked in the project of its nearest tsconfig.json), React's rules of hooks where React code lives,
// and a 120-character line limit, which Prettier cannot enforce on long strings and comments.
// `npm run lint` runs ESLint, then `prettier --check`.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/.next/',
    'test-results/',
    'playwright-report/',
    'e2e/artifacts/',
    '.tandem-data/',
    'bench/results/',
    'public/',
    '**/next-env.d.ts',
    // Fixtures: the byte-exact inputs of the patch scenarios; the sample workspace people open is a
    // project of its own (package.json, tsconfig), left as written.
    'server/agents/patch/scenarios/',
    'server/workspace/sample/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The code marks index access with `!` (`lines[i]!`) as if noUncheckedIndexedAccess were on;
      // this rule calls each of those (about 90) unnecessary.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `async` functions without `await` implement Promise-returning interfaces (DocStore, RunQueue,
      // the agent's tools), and `async` turns what they throw into a rejection, which callers rely on.
      '@typescript-eslint/require-await': 'off',
      // yjs's typings leave out Y.Text's toString(), which returns the text.
      '@typescript-eslint/no-base-to-string': [
        'error',
        { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'YText'] },
      ],
      // An AbortSignal's reason is typed `any`; rejecting with it is what fetch and timers do.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true }],
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // Tests read untyped JSON (HTTP bodies, socket answers, asymmetric matchers) and assert on it.
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript belongs to no tsconfig project: lint it without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // Injected into the benchmark pages: it runs in the browser.
    files: ['bench/lib/pageProbe.js', 'bench/lib/completeProbe.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // The classic rules of hooks, where React code lives (e2e's Playwright fixtures call a `use`
    // that is not React's). The plugin's React Compiler rules are left out: Tandem does not use it.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/client/**/*.{ts,tsx}', 'bench/peer/app/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
