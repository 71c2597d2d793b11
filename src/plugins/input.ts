/**
 * Input hygiene for every route: control characters (C0 except tab, line feed, carriage return;
 * DEL) are dropped from the parsed query string and form or JSON bodies before validation, so
 * nothing stored from a form can make an Atom feed invalid XML or hide text. Multipart uploads
 * (the import) are cleaned where their text becomes a document (services/import.ts).
 */
import fp from 'fastify-plugin';
import { withoutControlCharactersDeep } from '../domain/text-safety.js';

export default fp(
  async function inputPlugin(fastify) {
    // Callback-style: every request runs it, and an async hook costs each a promise and a turn of
    // the microtask queue before the handler. A throw still reaches the error handler.
    fastify.addHook('preValidation', (request, _reply, done) => {
      if (request.query && typeof request.query === 'object') request.query = withoutControlCharactersDeep(request.query);
      if (typeof request.body === 'string' || (request.body !== null && typeof request.body === 'object' && !Buffer.isBuffer(request.body))) {
        request.body = withoutControlCharactersDeep(request.body);
      }
      done();
    });
  },
  { name: 'input' },
);
