/**
 * Handlebars' code generator with changes that make the same templates render with less work
 * per block; the HTML they produce is the same.
 *
 * `{{#if x}}…{{else}}…{{/if}}` and `{{#unless x}}` become a conditional expression in the compiled
 * function instead of a call of the `if` helper. Handlebars calls a helper through a wrapper that
 * copies its options object, and each call builds that object with a hash, a source location and,
 * in a template that uses `@index`/`@last`, a new closure per branch: on the resolution page a few
 * hundred blocks, a tenth of the page's render time. The test is the helper's: a function is
 * called with the context first; false, 0, '', null, undefined and an empty array take the else
 * branch. A branch is called as the helper would call it (context, helpers, partials, `@` data).
 * Blocks with a hash (`includeZero=true`) and templates that use `../` paths, block parameters or
 * decorators keep the helper call.
 *
 * `{{#each list}}` over an array becomes a loop in the compiled function (inlineEach below): on the
 * resolution page about ten lists with a few dozen items, where the helper made an options object,
 * two block-parameter arrays and a wrapper call per item. The same conditions as for `if`.
 *
 * Helper calls no longer carry the source location (`options.loc`): only Handlebars' own error
 * messages for a helper used wrongly read it.
 *
 * The written-out blocks call their branch's function directly, looked up once per template
 * (programFunction below) rather than through `container.fn` at every use.
 *
 * A field of the context or of the `@` data (`{{text}}`, `{{resolution.title}}`, `@last`) is read
 * as a property (`depth0.text`) instead of through `container.lookupProperty(depth0, "text")`,
 * when no built-in prototype has a property of that name (directlyReadable below). The helper
 * reads the property with a computed name (one shared lookup site for every field of every
 * template, slow once it has seen many object shapes) and then checks that it is the object's own:
 * Handlebars' guard against templates reaching `constructor`, `__proto__` or a prototype's methods.
 * A name that no built-in prototype has can only be inherited from a prototype of the
 * application's own, and the views get plain objects; every other name keeps the guarded lookup.
 */

/** The parts of Handlebars' JavaScriptCompiler (compiler/javascript-compiler.js) used here. */
interface CodeGenerator {
  options: { trackIds?: boolean; stringParams?: boolean; compat?: boolean };
  environment: { useDecorators?: boolean; useBlockParams?: boolean };
  useDepths?: boolean;
  useBlockParams?: boolean;
  source: { objectLiteral(value: object): unknown };
  compiler: unknown;
  topStack(): unknown;
  popStack(): unknown;
  push(expression: unknown): unknown;
  aliasable(name: string): unknown;
  useRegister(name: string): void;
  setupParams(helper: string, paramSize: number, params: unknown[] | undefined): object;
  invokeKnownHelper(paramSize: number, name: string): void;
  setupHelperArgs(helper: string, paramSize: number, params: unknown[] | undefined, useRegister?: boolean): unknown;
  nameLookup(parent: unknown, name: string, type: string): unknown;
  inlinableBlock(): boolean;
}

export type CodeGeneratorClass = new () => CodeGenerator;

/**
 * The property names of the built-in prototypes (objects, functions, arrays, strings, numbers,
 * dates, maps, sets, errors, promises, typed arrays, Handlebars' SafeString), and the names that
 * Handlebars' guard names itself: fields of these names are read through `lookupProperty`.
 */
const BUILT_IN_NAMES: ReadonlySet<string> = (() => {
  const names = new Set<string>(['__proto__', 'constructor', 'toHTML', 'toString', 'prototype']);
  const values: unknown[] = [{}, () => undefined, [], '', 0, 0n, true, Symbol('s'), new Date(0), /x/, new Error('e'), new Map(), new Set(), new WeakMap(), new WeakSet(), Promise.resolve(), new Uint8Array(0), new ArrayBuffer(0)];
  for (const value of values) {
    for (let proto = Object.getPrototypeOf(value) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
      for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
    }
  }
  return names;
})();

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Whether a field may be read as `parent.name`: an identifier that no built-in prototype has. */
export function directlyReadable(name: string): boolean {
  return IDENTIFIER.test(name) && !BUILT_IN_NAMES.has(name);
}

/** What `programExpression` writes for a branch when the template uses no depths or block parameters. */
const PROGRAM = /^container\.program\((\d+), data, \d*\)$/;

/**
 * The function of program `index`, looked up once per template: `container.fn(i)` builds the
 * string `i + "_d"` and looks it up in the specification (a miss) on every call, to attach the
 * program's decorator, which a written-out block never uses (templates with decorators keep the
 * helper calls, see `inlinableBlock`). The functions are kept in an array on the template's
 * container, the object Handlebars makes once per compiled template.
 */
function programFunction(index: string): unknown[] {
  return ['(container.programFns$ && container.programFns$[', index, '] || ((container.programFns$ || (container.programFns$ = []))[', index, '] = container.fn(', index, ')))'];
}

/** The call of branch `expression` (null: none) on the helper's context, as the helper's `options.fn` would make it. */
function branchCall(expression: unknown, context: unknown): unknown[] {
  if (expression === null) return ['""'];
  return [...programFunction(programNumber(expression)), '(container, ', context, ', container.helpers, container.partials, data)'];
}

/**
 * `{{#each list}}…{{else}}…{{/each}}` over an array, written out as a loop: the `each` helper
 * builds an options object per call and, per item, an options object, two arrays of block
 * parameters and a call through the program's wrapper. The loop does what the helper does for an
 * array — a data frame copied from the caller's (`@index`, `@key`, `@first`, `@last` set per item),
 * holes skipped, the else branch on the caller's context for an empty list — and anything else
 * (an object, an iterable, a function, nothing) goes to the helper as before.
 */
function inlineEach(generator: CodeGenerator): void {
  generator.popStack(); // the empty hash
  const inverse = generator.popStack();
  const program = generator.popStack();
  const value = generator.popStack();
  const context = generator.aliasable('depth0 != null ? depth0 : (container.nullContext || {})');
  const programIndex = programNumber(program);
  const helperOptions = ['{"name":"each","hash":{},"fn":', program, ',"inverse":', inverse === null ? 'container.noop' : inverse, ',"data":data}'];
  generator.push([
    '(function (v, c) { if (!Array.isArray(v)) return helpers.each.call(c, v, ', ...helperOptions, '); ',
    'var n = v.length; if (n === 0) return ', ...branchCall(inverse, 'c'), '; ',
    'var f; if (data) { f = Object.assign({}, data); f._parent = data; } ',
    'var p = ', ...programFunction(programIndex), ', out = ""; ',
    'for (var i = 0; i < n; i++) { if (!(i in v)) continue; ',
    'if (f) { f.key = i; f.index = i; f.first = i === 0; f.last = i === v.length - 1; } ',
    'out = out + p(container, v[i], container.helpers, container.partials, f); } ',
    'return out; })(', value, ', ', context, ')',
  ]);
}

/** The number of a program as `programExpression` writes it. */
function programNumber(expression: unknown): string {
  const match = typeof expression === 'string' ? PROGRAM.exec(expression) : null;
  if (!match) throw new Error(`unexpected program expression: ${String(expression)}`);
  return match[1]!;
}

const subclasses = new WeakMap<CodeGeneratorClass, CodeGeneratorClass>();

/**
 * Handlebars' code generator `Base` (an environment's `JavaScriptCompiler`) with the changes above.
 * It takes the class instead of importing Handlebars, so that loading this module does not load
 * the compiler: a production start renders with the runtime and precompiled templates.
 */
export function inlineConditionals(Base: CodeGeneratorClass): CodeGeneratorClass {
  let subclass = subclasses.get(Base);
  if (subclass) return subclass;
  class InlineConditionals extends Base {}

  const proto = InlineConditionals.prototype;
  const baseInvokeKnownHelper = Base.prototype.invokeKnownHelper;

  proto.compiler = InlineConditionals;

  /** Whether a block helper call with one parameter can be written out (see inlineConditionals). */
  proto.inlinableBlock = function (this: CodeGenerator) {
    return (
      !this.options.trackIds &&
      !this.options.stringParams &&
      !this.options.compat &&
      !this.useDepths &&
      !this.useBlockParams &&
      !this.environment.useBlockParams &&
      !this.environment.useDecorators &&
      this.topStack() === '{}'
    );
  };

  proto.invokeKnownHelper = function (this: CodeGenerator, paramSize: number, name: string) {
    if (name === 'each' && paramSize === 1 && this.inlinableBlock()) {
      inlineEach(this);
      return;
    }
    // `inlinableBlock` wants an empty hash, as `emptyHash` pushes it: `includeZero=true` keeps the helper
    const inlinable = (name === 'if' || name === 'unless') && paramSize === 1 && this.inlinableBlock();
    if (!inlinable) {
      baseInvokeKnownHelper.call(this, paramSize, name);
      return;
    }
    // the stack, top first: hash, inverse, program, the condition (see setupParams)
    this.popStack();
    const inverse = this.popStack();
    const program = this.popStack();
    const condition = this.popStack();
    const context = this.aliasable('depth0 != null ? depth0 : (container.nullContext || {})');
    const [whenTrue, whenFalse] = name === 'if' ? [program, inverse] : [inverse, program];
    this.useRegister('test');
    this.push([
      '((test = ', condition, '), typeof test === "function" && (test = test.call(', context, ')), ',
      'test && !(Array.isArray(test) && test.length === 0)) ? ',
      ...branchCall(whenTrue, context), ' : ', ...branchCall(whenFalse, context),
    ]);
  };

  const baseNameLookup = Base.prototype.nameLookup;
  /** A field of the context or the `@` data as a property read where that is safe (see directlyReadable). */
  proto.nameLookup = function (this: CodeGenerator, parent: unknown, name: string, type: string) {
    if ((type === 'context' || type === 'data') && directlyReadable(name)) return [parent, '.', name];
    return baseNameLookup.call(this, parent, name, type);
  };

  /** As Handlebars' own, without `options.loc`. */
  proto.setupHelperArgs = function (this: CodeGenerator, helper: string, paramSize: number, params: unknown[] | undefined, useRegister?: boolean) {
    const options = this.source.objectLiteral(this.setupParams(helper, paramSize, params));
    if (useRegister) {
      this.useRegister('options');
      params!.push('options');
      return ['options=', options];
    }
    if (params) {
      params.push(options);
      return '';
    }
    return options;
  };
  subclass = InlineConditionals;
  subclasses.set(Base, subclass);
  return subclass;
}
