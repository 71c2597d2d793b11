/**
 * @fastify/multipart, registered without making Node load its fetch implementation at start.
 *
 * With `attachFieldsToBody` the plugin reads `globalThis.FormData` while it is registered, only to
 * decide whether to offer `request.formData()`. In Node 20 that global is a lazy getter: its first
 * read loads undici, about 45 ms of a cold start on the 2-core machine, which nothing else needs
 * before the first request. While the plugin registers (synchronously), the global is a
 * placeholder; right after, Node's lazy getter is back, so `request.formData()` is offered as
 * before and builds Node's own FormData when it is called. Everything else is the plugin itself.
 */
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';

type MultipartOptions = Parameters<typeof multipart>[1];

function withFormDataPlaceholder(register: () => void): void {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'FormData');
  if (descriptor === undefined) return register();
  Object.defineProperty(globalThis, 'FormData', { value: class FormDataPlaceholder {}, configurable: true, writable: true });
  try {
    register();
  } finally {
    Object.defineProperty(globalThis, 'FormData', descriptor);
  }
}

const multipartPlugin: FastifyPluginCallback<MultipartOptions> = (fastify, opts, done) => {
  // `done` only once the global is back: Fastify may go on with the next plugin from inside it
  let registering = true;
  let finished: { error: Error | undefined } | undefined;
  withFormDataPlaceholder(() =>
    multipart(fastify, opts, (error) => {
      if (registering) finished = { error };
      else done(error);
    }),
  );
  registering = false;
  if (finished) done(finished.error);
};

export default fp(multipartPlugin, { fastify: '5.x', name: '@fastify/multipart' });
