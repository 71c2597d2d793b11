/**
 * @fastify/swagger's dynamic mode with the document builder loaded when the document is first
 * asked for, not at start.
 *
 * The plugin's registration requires its OpenAPI builder, and with it the `yaml` package: about
 * 40 ms of a cold start on the 2-core machine, for a document that is built on the first request
 * of /api/v1/openapi.json or /api/docs anyway. This is the plugin's `lib/mode/dynamic.js` (its
 * defaults, its route hooks, its cache) with one difference: `fastify.swagger()` loads the builder
 * on its first call. The document is the plugin's own; test/search/api.test.ts compares it with
 * the one the plugin registered as usual builds.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/** The plugin's internal modules (lib/util), resolved from the installed package. */
const requireSwagger = createRequire(createRequire(import.meta.url).resolve('@fastify/swagger'));

type Ref = unknown;
type SwaggerFunction = FastifyInstance['swagger'];
interface SwaggerCache {
  object: unknown;
  string: string | null;
}
const { addHook } = requireSwagger('./lib/util/add-hook.js') as {
  addHook: (fastify: FastifyInstance, options: FastifyDynamicSwaggerOptions) => { routes: unknown[]; Ref: Ref };
};
const loadResolveSwaggerFunction = () =>
  (
    requireSwagger('./lib/util/resolve-swagger-function.js') as {
      resolveSwaggerFunction: (options: FastifyDynamicSwaggerOptions, cache: SwaggerCache, routes: unknown[], ref: Ref) => SwaggerFunction;
    }
  ).resolveSwaggerFunction;

const lazySwagger: FastifyPluginCallback<FastifyDynamicSwaggerOptions> = (fastify, opts, done) => {
  // the defaults of lib/mode/dynamic.js
  const options: FastifyDynamicSwaggerOptions = {
    exposeRoute: false,
    hiddenTag: 'X-HIDDEN',
    hideUntagged: false,
    stripBasePath: true,
    openapi: null,
    swagger: {},
    transform: null,
    transformObject: null,
    decorator: 'swagger',
    refResolver: {
      buildLocalReference(json: { title?: string; $id?: string }, _baseUri: unknown, _fragment: unknown, i: number) {
        if (!json.title && json.$id) {
          json.title = json.$id;
        }
        return `def-${i}`;
      },
    },
    convertConstToEnum: true,
    ...opts,
    mode: opts.mode ?? 'dynamic',
  } as FastifyDynamicSwaggerOptions;
  const { routes, Ref } = addHook(fastify, options);
  const cache: SwaggerCache = { object: null, string: null };
  let swagger: SwaggerFunction | undefined;
  const lazy = ((documentOptions?: { yaml?: boolean }) => {
    swagger ??= loadResolveSwaggerFunction()(options, cache, routes, Ref);
    return swagger(documentOptions as { yaml: boolean });
  }) as SwaggerFunction;
  fastify.decorate(options.decorator ?? 'swagger', lazy);
  done();
};

export default fp(lazySwagger, { fastify: '5.x', name: '@fastify/swagger' });
