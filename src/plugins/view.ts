/**
 * Handlebars through @fastify/view: the German string catalogue (`{{t}}`), formatting helpers and
 * every partial under views/partials. Handlebars escapes all values; the layout's {{{body}}} is
 * the only triple-stash.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyView from '@fastify/view';
import type { FastifyReply } from 'fastify';
import type Handlebars from 'handlebars';
import { VIEWS_DIR } from '../paths.js';
import { formatDateLong, formatDateRange, formatDateShort, MAX_DATE_INPUT_LENGTH } from '../domain/dates.js';
import { MAX_BODY_LENGTH, MAX_TITLE_LENGTH } from '../domain/legal-pages.js';
import { landNameOf } from '../domain/laender.js';
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH } from '../services/users.js';
import { MAX_PASSWORD_LENGTH } from '../services/passwords.js';
import { translate } from '../i18n.js';
import { contentKey, type Precompiled } from '../precompiled.js';
import { inlineConditionals, type CodeGeneratorClass } from './template-compiler.js';


declare module 'fastify' {
  interface FastifyReply {
    /** Template values for every view of this request; null until a hook gives some (auth, unknown parameters). */
    locals: Record<string, unknown> | null;
  }
}

function listPartials(dir: string, prefix = ''): Record<string, string> {
  const partials: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      Object.assign(partials, listPartials(path.join(dir, entry.name), `${prefix}${entry.name}/`));
    } else if (entry.name.endsWith('.hbs')) {
      partials[`${prefix}${entry.name.slice(0, -4)}`] = path.join('partials', prefix, entry.name);
    }
  }
  return partials;
}

const requireHere = createRequire(import.meta.url);

/**
 * The maxlength of the fields users type into (`{{maxLength "email"}}`): the limits the services
 * answer with a German message. The routes' schemas take at least as much, so whatever a browser
 * sends gets the form back with that message, never the bare "Ungültige Anfrage" page.
 */
const INPUT_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  email: MAX_EMAIL_LENGTH,
  name: MAX_NAME_LENGTH,
  password: MAX_PASSWORD_LENGTH,
  pageTitle: MAX_TITLE_LENGTH,
  pageBody: MAX_BODY_LENGTH,
  date: MAX_DATE_INPUT_LENGTH,
});

function maxLength(field: string): number {
  const limit = INPUT_LIMITS[field];
  if (limit === undefined) throw new Error(`no input limit named ${field}`);
  return limit;
}

/**
 * Handlebars' runtime: what a precompiled template needs to render (about 20 ms less of a cold
 * start than the full build with its compiler and parser). The compiler is loaded when a template
 * has to be compiled: at build time, in tests and `npm run dev`, or for a template the build did
 * not see.
 */
const HandlebarsRuntime = requireHere('handlebars/runtime') as typeof Handlebars;
const fullHandlebars = () => requireHere('handlebars') as typeof Handlebars;

type CompileOptions = Parameters<typeof Handlebars.compile>[1];
type Compile = typeof Handlebars.compile;

/**
 * Gives a runtime environment the compiler, as the full build's `Handlebars.create()` does (its
 * dist/cjs/handlebars.js): a template it compiles uses this environment's helpers and partials.
 * Returns the compile function; `hbs.compile` itself stays as createHandlebars set it.
 */
function attachCompiler(hbs: typeof Handlebars): Compile {
  const compilerModule = (file: string) => requireHere(`handlebars/dist/cjs/handlebars/compiler/${file}`) as Record<string, unknown>;
  // Babel's interop, as in that file: ast.js and javascript-compiler.js export the value itself
  const defaultOf = (module: Record<string, unknown>) => (module.__esModule ? module.default : module);
  const compiler = compilerModule('compiler.js') as {
    Compiler: unknown;
    compile: (input: unknown, options: CompileOptions, env: typeof Handlebars) => HandlebarsTemplateDelegate;
    precompile: (input: unknown, options: CompileOptions, env: typeof Handlebars) => TemplateSpecification;
  };
  const base = compilerModule('base.js');
  Object.assign(hbs, {
    precompile: (input: unknown, options: CompileOptions) => compiler.precompile(input, options, hbs),
    AST: defaultOf(compilerModule('ast.js')),
    Compiler: compiler.Compiler,
    JavaScriptCompiler: inlineConditionals(defaultOf(compilerModule('javascript-compiler.js')) as CodeGeneratorClass),
    Parser: base.parser,
    parse: base.parse,
    parseWithoutProcessing: base.parseWithoutProcessing,
  });
  return ((input: unknown, options: CompileOptions) => compiler.compile(input, options, hbs)) as Compile;
}

const HELPERS = ['t', 'tk', 'statusBadge', 'memo', 'dateLong', 'dateShort', 'dateRange', 'eq', 'gt', 'or', 'and', 'not', 'join', 'concat', 'encode', 'maxLength', 'landNameOf'] as const;

const badges = new Map<string, Handlebars.SafeString>();

/**
 * A demand status as a coloured label (the markup of `{{statusBadge status}}`), made once per
 * status: pages that list many Ziffern pass it to the template ready-made.
 */
export function statusBadge(status: string): Handlebars.SafeString {
  let badge = badges.get(status);
  if (badge === undefined) {
    const escape = HandlebarsRuntime.Utils.escapeExpression;
    badge = new HandlebarsRuntime.SafeString(`<span class="status status-${escape(status)}">${escape(translate(`status.${status}`))}</span>`);
    badges.set(status, badge);
  }
  return badge;
}

/**
 * `{{#memo "name" value}}…{{/memo}}`: the block rendered once per object `value` (and name), then
 * its markup again for as long as the object lives. For blocks whose markup depends on nothing but
 * that object and constants, on pages that render the same object many times: the search renders
 * its hit list and facet links from objects it keeps per cached result (routes/search), and a
 * repeated search then costs no rendering of them (measured on 100,000 resolutions: the two blocks
 * were about a third of the page's CPU time when served from the result cache). A value that is
 * not an object renders as usual.
 */
function memoHelper(): Handlebars.HelperDelegate {
  const rendered = new WeakMap<object, Map<string, string>>();
  return function (this: unknown, name: string, value: unknown, options: Handlebars.HelperOptions) {
    if (typeof value !== 'object' || value === null) return options.fn(this);
    let byName = rendered.get(value);
    if (!byName) rendered.set(value, (byName = new Map()));
    let html = byName.get(name);
    if (html === undefined) {
      html = options.fn(this) as string;
      byName.set(name, html);
    }
    return html;
  };
}

/** Helpers known at compile time are called directly instead of being looked up per use. */
const COMPILE_OPTIONS: CompileOptions = { knownHelpers: Object.fromEntries(HELPERS.map((name) => [name, true])), knownHelpersOnly: true };

/** `{{t "some.key"}}` without values: the same text on every page. */
const STATIC_STRING = /\{\{t "([\w.-]+)"\}\}/g;

/**
 * Replaces each `{{t "key"}}` without values by its text, escaped as `{{…}}` would escape it,
 * before a template is compiled: a page then concatenates a constant instead of calling a helper
 * (hundreds of calls per page). Placeholders behave as in `translate` without values; a missing
 * key fails when the template is compiled instead of when the branch first renders.
 */
export function inlineStaticStrings(source: string, lookup: (key: string) => string = translate): string {
  return source.replace(STATIC_STRING, (_, key: string) => HandlebarsRuntime.Utils.escapeExpression(lookup(key)).replace(/\{\{/g, '\\{{'));
}

/**
 * Drops the indentation and blank lines of a template: they are there for the people who edit it,
 * and cost every reader bytes (a tenth of a resolution page). Every line break stays, so the page
 * renders the same; no template has literal text inside <pre> or <textarea>, only values.
 */
export function stripIndentation(source: string): string {
  return source.replace(/\n[ \t]+/g, '\n').replace(/\n{2,}/g, '\n');
}

/** A template as it is compiled: static strings inlined, indentation dropped. */
function prepareSource(source: string): string {
  return inlineStaticStrings(stripIndentation(source));
}

function templateKey(source: string, options: CompileOptions): string {
  return contentKey([source, options ?? null]);
}

/**
 * Every template under views/, precompiled by Handlebars as the view plugin would compile it: the
 * build writes them to dist/precompiled.cjs (see src/precompiled.ts). Values are the
 * specifications as JavaScript source.
 */
export function precompileTemplates(dir: string = VIEWS_DIR): Map<string, string> {
  const hbs = templateEnvironment();
  const specs = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const source = prepareSource(readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
    specs.set(templateKey(source, COMPILE_OPTIONS), hbs.precompile(source, { ...COMPILE_OPTIONS }) as string);
  }
  return specs;
}

/** A Handlebars environment that compiles with the views' code generator (./template-compiler.ts). */
function templateEnvironment(): typeof Handlebars {
  const hbs = fullHandlebars().create();
  const environment = hbs as unknown as { JavaScriptCompiler: CodeGeneratorClass };
  environment.JavaScriptCompiler = inlineConditionals(environment.JavaScriptCompiler);
  return hbs;
}

/** The calls that change what a template's set-up takes from its environment. */
const REGISTRATIONS = ['registerHelper', 'unregisterHelper', 'registerPartial', 'unregisterPartial', 'registerDecorator', 'unregisterDecorator'] as const;

type TemplateFunction = HandlebarsTemplateDelegate & { _setup(options: Record<string, unknown>): void };

/** Whether a template is called with options that its set-up reads: anything but `data` (a partial's call always has some). */
function hasOwnOptions(options: Record<string, unknown>): boolean {
  for (const key in options) if (key !== 'data') return true;
  return false;
}

/**
 * Lets every template of `hbs` set itself up once instead of on every call. Handlebars' runtime
 * prepares a template's container at each top-level call (`_setup`): a wrapper closure for each
 * of the environment's two dozen helpers, the hooks, the rules for prototype access and the merged
 * partials, twice per page (page and layout). A call with options of its own (helpers, partials,
 * decorators, prototype access: anything but `data`; so also a call as a partial) is set up as
 * before, and the next plain call sets up anew, as does any call after a helper, partial or
 * decorator was registered or removed.
 */
export function setUpTemplatesOnce(hbs: typeof Handlebars): void {
  let version = 0;
  const environment = hbs as unknown as Record<(typeof REGISTRATIONS)[number], (...args: unknown[]) => unknown>;
  for (const name of REGISTRATIONS) {
    const register = environment[name];
    environment[name] = function (this: unknown, ...args: unknown[]) {
      version++;
      return register.apply(this, args);
    };
  }
  const template = hbs.template;
  hbs.template = function (this: unknown, spec: TemplateSpecification) {
    const made = template.call(this, spec) as TemplateFunction;
    const setUp = made._setup;
    let readyFor = -1;
    made._setup = function (this: unknown, options: Record<string, unknown>) {
      if (hasOwnOptions(options)) {
        readyFor = -1;
        setUp.call(this, options);
      } else if (readyFor !== version) {
        setUp.call(this, options);
        readyFor = version;
      }
    };
    return made;
  } as typeof hbs.template;
}

/**
 * The Handlebars environment of the views. With `templates` (the build's precompiled
 * specifications), a template found there is not compiled again; any other is compiled as usual.
 * Without them every template is compiled: the full build from the start.
 */
export function createHandlebars(templates?: Precompiled['templates']): typeof Handlebars {
  const hbs = templates ? HandlebarsRuntime.create() : templateEnvironment();
  setUpTemplatesOnce(hbs);
  let compileAnew: Compile | undefined = templates ? undefined : hbs.compile.bind(hbs);
  const compile = (input: unknown, options?: CompileOptions) => (compileAnew ??= attachCompiler(hbs))(input, options);
  hbs.compile = ((input: unknown, options?: CompileOptions) => {
    if (typeof input !== 'string') return compile(input, options);
    const source = prepareSource(input);
    const spec = templates?.get(templateKey(source, options));
    return spec ? hbs.template(spec) : compile(source, options);
  }) as typeof hbs.compile;
  hbs.registerHelper('t', function (key: string, options: Handlebars.HelperOptions) {
    return translate(key, options.hash as Record<string, unknown>);
  });
  /** `{{tk "status" status}}` looks up "status.<value>". */
  hbs.registerHelper('tk', function (prefix: string, value: string) {
    return translate(`${prefix}.${value}`);
  });
  /**
   * `{{statusBadge status}}`: a demand status as a coloured label. A helper, not a partial: a
   * partial called with a value copies its caller's whole context.
   */
  hbs.registerHelper('statusBadge', statusBadge);
  hbs.registerHelper('memo', memoHelper());
  // not named "date": a helper would shadow every {{date}} field of the templates
  hbs.registerHelper('dateLong', (iso: string | null) => formatDateLong(iso));
  hbs.registerHelper('dateShort', (iso: string | null) => formatDateShort(iso));
  hbs.registerHelper('dateRange', (start: string | null, end: string | null) => formatDateRange(start, end));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('gt', (a: number, b: number) => a > b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('join', (list: unknown[], separator: string) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : '',
  );
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  hbs.registerHelper('encode', (value: string) => encodeURIComponent(value));
  hbs.registerHelper('maxLength', maxLength);
  /** `{{landNameOf actorLand}}`: a Land's name for its stored code ("BY" → "Bayern"). */
  hbs.registerHelper('landNameOf', (code: string) => landNameOf(code));
  return hbs;
}

/** The layout every page renders in. */
const LAYOUT = 'layouts/main.hbs';
const CHARSET = 'utf-8';

/** @fastify/view's own `reply.viewAsync`, kept under this name (see viewPlugin). */
const PLUGIN_VIEW_ASYNC = 'viewAsyncOfPlugin';

type RenderOptions = Parameters<FastifyReply['viewAsync']>[2];

/**
 * `reply.viewAsync(page, values)` as @fastify/view renders it in production, calling the compiled
 * templates directly: the page with `defaultContext`, `reply.locals` and the values, then the
 * layout with the same values and the page as `body`; a Content-Type unless the reply has one.
 * The same templates (compiled by the same environment, so the same helpers and partials) with the
 * same values give the same bytes. What it saves per page is the plugin's own work: a cache key
 * joined and looked up in an LRU map for page and layout, three copies of the values, and five
 * awaited promises. A call with options (another layout) goes to the plugin.
 */
function renderDirectly(hbs: typeof Handlebars, defaultContext: Record<string, unknown>) {
  const templates = new Map<string, HandlebarsTemplateDelegate>();
  const templateOf = (page: string): HandlebarsTemplateDelegate => {
    let template = templates.get(page);
    if (template === undefined) {
      // the file @fastify/view reads for this name (its getPage: the extension kept, or .hbs
      // added); read once, at the first page that needs it, as the plugin does in production
      const file = path.join(path.dirname(page), path.basename(page, path.extname(page)) + (path.extname(page) || '.hbs'));
      template = hbs.compile(readFileSync(path.join(VIEWS_DIR, file), 'utf8'), COMPILE_OPTIONS);
      templates.set(page, template);
    }
    return template;
  };
  return async function viewAsync(this: FastifyReply, page: string, data?: object, options?: RenderOptions): Promise<string> {
    if (options !== undefined || typeof page !== 'string' || page === '') {
      return (this as unknown as Record<typeof PLUGIN_VIEW_ASYNC, FastifyReply['viewAsync']>)[PLUGIN_VIEW_ASYNC](page, data, options);
    }
    const values: Record<string, unknown> = Object.assign({}, defaultContext, this.locals, data);
    values.body = templateOf(page)(values);
    const html = templateOf(LAYOUT)(values);
    if (!this.getHeader('Content-Type')) this.header('Content-Type', `text/html; charset=${CHARSET}`);
    return html;
  };
}

export default fp(
  async function viewPlugin(fastify, opts: { production: boolean; templates?: Precompiled['templates'] | undefined }) {
    const hbs = createHandlebars(opts.templates);
    const defaultContext = { siteName: translate('site.name') };
    // Declared here, @fastify/view gives every request an empty object in a hook of its own.
    fastify.decorateReply('locals', null);
    await fastify.register(fastifyView, {
      engine: { handlebars: hbs },
      root: VIEWS_DIR,
      layout: LAYOUT,
      production: opts.production,
      charset: CHARSET,
      asyncPropertyName: PLUGIN_VIEW_ASYNC,
      options: {
        partials: listPartials(path.join(VIEWS_DIR, 'partials')),
        compileOptions: COMPILE_OPTIONS,
      },
      defaultContext,
    });
    // In development the plugin reads every template anew on each call (edits show at once).
    fastify.decorateReply(
      'viewAsync',
      opts.production
        ? renderDirectly(hbs, defaultContext)
        : function (this: FastifyReply, page: string, data?: object, options?: RenderOptions) {
            return (this as unknown as Record<typeof PLUGIN_VIEW_ASYNC, FastifyReply['viewAsync']>)[PLUGIN_VIEW_ASYNC](page, data, options);
          },
    );
  },
  { name: 'view' },
);
