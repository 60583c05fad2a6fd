import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

/** Only these may import 'electron' (docs/architecture.md §1); the core must run under plain Node. */
const electronAllowed = ['electron/main/index.ts', 'electron/main/desktop/**', 'electron/preload/**'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.services/**', '.artifacts/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only electron/main/desktop/, electron/main/index.ts and electron/preload/ may import electron (docs/architecture.md §1).' }] },
      ],
    },
  },
  {
    files: electronAllowed,
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/electron/**', 'electron'], message: 'The renderer only talks to the core through shared/contract.ts.' },
            { group: ['ioredis', 'pg', 'kafkajs', 'node:*'], message: 'The renderer has no Node and no drivers.' },
          ],
        },
      ],
    },
  },
);
