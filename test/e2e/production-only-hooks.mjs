// Module resolution hooks for production-only.mjs: a bare import of a development dependency throws.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const production = new Set(Object.keys(manifest.dependencies ?? {}));
const developmentOnly = new Set(Object.keys(manifest.devDependencies ?? {}).filter((name) => !production.has(name)));

function packageName(specifier) {
  if (/^(?:\.|\/|node:|file:|data:)/.test(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export async function resolve(specifier, context, nextResolve) {
  const name = packageName(specifier);
  if (name !== null && developmentOnly.has(name)) {
    throw new Error(`${name} is a development dependency and is not installed in production (imported by ${context.parentURL ?? 'the entry point'})`);
  }
  return nextResolve(specifier, context);
}
