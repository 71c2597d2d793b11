/**
 * Builds the server as one file, `dist/server.js`, from what tsc emitted: `npm start`, the browser
 * tests and the benchmark run it. Then precompiles the route validators, response serializers and
 * templates into `dist/precompiled.cjs` (see src/precompiled.ts).
 *
 * Why: a cold start was mostly module loading, and Node 20's ES module loader resolves, reads and
 * links every file on its own. TypeBox is several hundred modules and drizzle-orm about 110; with
 * the app's own 90 they took about 250 of the 1,000–1,300 ms from process start to the first
 * answer on the 2-core machine. Bundled, they are one file.
 *
 * Only pure ES module code goes into the bundle: the app, TypeBox and drizzle-orm. Every other
 * dependency stays an ordinary import from node_modules, loaded exactly as under tsc's output:
 * native addons (better-sqlite3, argon2), plugins that serve files from their own package
 * (pdfjs' data) and Fastify with its CommonJS plugins.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { ROOT_DIR, SERVER_BUNDLE } from '../src/paths.js';
import { precompileTemplates } from '../src/plugins/view.js';
import { PRECOMPILED_FILE, recordingCompilers, writePrecompiled } from '../src/precompiled.js';

/** Dependencies compiled into the bundle; all others are imported at run time. */
const BUNDLED: readonly string[] = ['typebox', 'drizzle-orm'];

function externalDependencies(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return Object.keys(manifest.dependencies)
    .filter((name) => !BUNDLED.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
}

const result = await build({
  entryPoints: [path.join(ROOT_DIR, 'dist', 'src', 'server.js')],
  outfile: SERVER_BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: externalDependencies(),
  // tsc's maps are read in, so a stack trace mapped with --enable-source-maps names the .ts lines.
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
});

/**
 * Rewrites the file with every character beyond Latin-1 as a \u escape. V8 keeps the source of
 * every script in memory, at one byte per character only if all of them are Latin-1: a few dashes,
 * arrows and quotation marks (–, →, „“) in the bundle's comments and in the templates' German
 * text made both files two-byte strings, 2.5 MB more heap. An escape means the same character in a
 * string, template, regular expression, identifier or comment; only after a backslash would it
 * change meaning, which the build refuses.
 */
function writeLatin1(file: string): void {
  const code = readFileSync(file, 'utf8');
  if (/\\[\u0100-\uffff]/.test(code)) throw new Error(`${file}: a character beyond Latin-1 after a backslash cannot be escaped safely`);
  writeFileSync(file, code.replace(/[\u0100-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
writeLatin1(SERVER_BUNDLE);

const inputs = Object.keys(result.metafile.inputs).length;
process.stdout.write(`${path.relative(ROOT_DIR, SERVER_BUNDLE)}: ${inputs} modules in one file\n`);

// Fastify's validators and serializers: the app is built once (in memory, without data) and the
// generated code of every schema Fastify compiles is recorded. Then the templates.
const validators = new Map<string, string>();
const serializers = new Map<string, string>();
const app = await buildApp({ config: testConfig(), schemaCompilers: recordingCompilers(validators, serializers) });
await app.ready();
await app.close();
const templates = precompileTemplates();
writePrecompiled(PRECOMPILED_FILE, { validators, serializers, templates });
writeLatin1(PRECOMPILED_FILE);
process.stdout.write(
  `${path.relative(ROOT_DIR, PRECOMPILED_FILE)}: ${validators.size} route validators, ${serializers.size} response serializers, ${templates.size} templates\n`,
);
