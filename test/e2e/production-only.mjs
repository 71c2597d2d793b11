// `node --import ./test/e2e/production-only.mjs dist/…`: the process fails as soon as it imports a
// package that is only a development dependency, so what runs under it also runs after
// `npm prune --omit=dev` (which CI checks for real at the end of .ci/run).
import { register } from 'node:module';

register('./production-only-hooks.mjs', import.meta.url);
