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
 * dependency is loaded from node_modules, the same files as under tsc's output: native addons
 * (better-sqlite3, argon2), plugins that serve files from their own package (pdfjs' data) and
 * Fastify with its CommonJS plugins. CommonJS packages are required, ES module packages and
 * Node's built-ins imported (see requireCommonJs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { ROOT_DIR, SERVER_BUNDLE } from '../../src/paths.js';
import { precompileTemplates } from '../../src/plugins/view.js';
import { PRECOMPILED_FILE, recordingCompilers, writePrecompiled } from '../../src/precompiled.js';

/** Dependencies compiled into the bundle; all others are imported at run time. */
const BUNDLED: readonly string[] = ['typebox', 'drizzle-orm'];

function externalDependencies(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return Object.keys(manifest.dependencies)
    .filter((name) => !BUNDLED.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
}

/** Whether Node loads the file as CommonJS: by its extension, else by the nearest package.json's "type". */
function isCommonJs(file: string): boolean {
  if (file.endsWith('.cjs')) return true;
  if (file.endsWith('.mjs')) return false;
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { type?: string }).type !== 'module';
    } catch {
      // no package.json here: look further up
    }
  }
  return true;
}

/**
 * The bundle's imports of CommonJS packages, made as require() calls. An ES module import of a
 * CommonJS file costs Node more than requiring it: before anything runs, its ES module loader
 * reads the file and every file it re-exports, scans them for the names they export
 * (cjs-module-lexer) and builds a module facade for each; for the server's thirteen CommonJS
 * packages that was a visible part of a cold start on the 2-core machine. The file loaded is the
 * same (the import resolved as Node resolves it, and only when Node would load it as CommonJS
 * anyway), and so are the values: esbuild's Node interop gives the default import as
 * `module.exports`. ES module packages stay imports, and so do Node's built-ins: the interop copies
 * a module's properties once per importing file, which for node:fs, node:crypto and node:path
 * (imported by a dozen files each) costs more than Node's one facade per built-in.
 */
const external = externalDependencies();
const requireCommonJs: Plugin = {
  name: 'require-commonjs',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind !== 'import-statement' || args.namespace !== 'file') return undefined;
      if (!external.some((name) => args.path === name || args.path.startsWith(`${name}/`))) return undefined;
      if (!isCommonJs(fileURLToPath(import.meta.resolve(args.path)))) return undefined;
      return { path: args.path, namespace: 'require-commonjs' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'require-commonjs' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/** How the server and its worker thread are bundled. */
const bundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  plugins: [requireCommonJs],
  // the require() the bundle's CommonJS imports call (see requireCommonJs)
  banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);" },
  // tsc's maps are read in, so a stack trace mapped with --enable-source-maps names the .ts lines.
  sourcemap: 'linked',
  logLevel: 'warning',
} satisfies BuildOptions;

const result = await build({
  ...bundleOptions,
  entryPoints: [path.join(ROOT_DIR, 'dist', 'src', 'server.js')],
  outfile: SERVER_BUNDLE,
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

// The spreadsheet writer's worker thread (src/services/spreadsheet-worker.ts): the bundle starts it
// from the file beside itself, dist/spreadsheet-worker.js, built the same way.
const WORKER_BUNDLE = path.join(path.dirname(SERVER_BUNDLE), 'spreadsheet-worker.js');
await build({
  entryPoints: [path.join(ROOT_DIR, 'dist', 'src', 'services', 'spreadsheet-worker.js')],
  outfile: WORKER_BUNDLE,
  ...bundleOptions,
});
process.stdout.write(`${path.relative(ROOT_DIR, WORKER_BUNDLE)}: the spreadsheet writer's worker thread\n`);

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
