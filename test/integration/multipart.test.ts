/**
 * @fastify/multipart through src/plugins/multipart.ts: registered with a placeholder for
 * `globalThis.FormData`, it still offers `request.formData()` with Node's FormData, and the global
 * is Node's own again afterwards.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import multipart from '../../src/plugins/multipart.js';

describe('multipart plugin', () => {
  it('leaves FormData as it was and offers request.formData() as the plugin does', async () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'FormData');
    const app = Fastify();
    await app.register(multipart, { attachFieldsToBody: true });
    app.post('/', async (request) => {
      const form = await request.formData();
      return { native: form instanceof FormData, name: form.get('name') };
    });
    await app.ready();
    expect(Object.getOwnPropertyDescriptor(globalThis, 'FormData')).toEqual(before);
    const body = '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nWert\r\n--x--\r\n';
    const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body });
    expect(response.json()).toEqual({ native: true, name: 'Wert' });
    await app.close();
  });
});
