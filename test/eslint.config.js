// ESLint flat config (kept under test/ because the repository's top level is fixed).
// Run from the repository root: `eslint -c test/eslint.config.js .`
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Layers: the domain is pure and routes go through services; neither reaches into db/.
    files: ['src/domain/**/*.ts', 'src/routes/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/db/*'], message: 'Domain and routes do not import from db/: use src/domain/vocabulary.ts or a service.' }] }],
    },
  },
);
