/**
 * In production `reply.viewAsync` calls the compiled templates itself (view.ts renderDirectly)
 * instead of going through @fastify/view: the same bytes and the same Content-Type as the plugin's
 * own rendering, which stays reachable for development and calls with options.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import viewPlugin from '../../src/plugins/view.js';
import { VIEWS_DIR } from '../../src/paths.js';

type Render = (page: string, data?: object, options?: object) => Promise<string>;
const pluginRender = (reply: FastifyReply) => (reply as unknown as { viewAsyncOfPlugin: Render }).viewAsyncOfPlugin.bind(reply);

/** Every page template, as routes name it. */
const PAGES = readdirSync(path.join(VIEWS_DIR, 'pages'))
  .filter((name) => name.endsWith('.hbs'))
  .map((name) => `pages/${name}`);

async function appWith(production: boolean): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(viewPlugin, { production });
  // a hook that gives the views values, as the auth and unknown-parameters plugins do
  app.addHook('onRequest', (request, reply, done) => {
    if (request.headers['x-locals']) reply.locals = { ...reply.locals, queryNotices: ['Der Parameter „x“ wurde nicht beachtet.'], title: 'aus locals' };
    done();
  });
  const values = { title: 'Titel <mit> „Zeichen“', heading: 'Überschrift', message: 'Text & mehr', siteName: undefined as string | undefined };
  app.get<{ Querystring: { page: string; way: string; type?: string } }>('/render', async (request, reply) => {
    const { page, way, type } = request.query;
    if (type) reply.type(type);
    const data = { ...values };
    delete data.siteName;
    return way === 'direct' ? reply.viewAsync(page, data) : pluginRender(reply)(page, data);
  });
  app.get('/with-options', async (_request, reply) => reply.viewAsync('pages/error.hbs', {}, { layout: 'layouts/main.hbs' }));
  await app.ready();
  return app;
}

describe('rendering a view directly', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith(true);
  });
  afterAll(async () => {
    await app.close();
  });

  async function both(page: string, headers: Record<string, string> = {}, type?: string) {
    const query = (way: string) => ({ page, way, ...(type ? { type } : {}) });
    const direct = await app.inject({ url: '/render', query: query('direct'), headers });
    const plugin = await app.inject({ url: '/render', query: query('plugin'), headers });
    return { direct, plugin };
  }

  it('gives every page the bytes, status and Content-Type the plugin gives', async () => {
    expect(PAGES.length).toBeGreaterThan(30);
    let rendered = 0;
    for (const page of PAGES) {
      for (const headers of [{}, { 'x-locals': '1' }] as Record<string, string>[]) {
        const { direct, plugin } = await both(page, headers);
        expect(direct.statusCode, page).toBe(plugin.statusCode);
        expect(direct.headers['content-type'], page).toBe(plugin.headers['content-type']);
        expect(direct.body, page).toBe(plugin.body);
        if (direct.statusCode === 200) rendered++;
      }
    }
    // most pages render with these few values (the others fail alike, on values they need)
    expect(rendered).toBeGreaterThan(PAGES.length);
  });

  it('reads the site name, the request\'s locals and the values, the values last', async () => {
    const { direct } = await both('pages/error.hbs', { 'x-locals': '1' });
    expect(direct.statusCode).toBe(200);
    expect(direct.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(direct.body).toContain('<title>Titel &lt;mit&gt; „Zeichen“ – Beschlussmonitor</title>');
    expect(direct.body).toContain('Der Parameter „x“ wurde nicht beachtet.');
  });

  it('keeps a Content-Type the reply already has', async () => {
    const { direct, plugin } = await both('pages/error.hbs', {}, 'application/xhtml+xml; charset=utf-8');
    expect(direct.headers['content-type']).toBe('application/xhtml+xml; charset=utf-8');
    expect(plugin.headers['content-type']).toBe('application/xhtml+xml; charset=utf-8');
  });

  it('leaves a call with options to the plugin (which refuses a second layout)', async () => {
    const response = await app.inject('/with-options');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ message: 'A layout can either be set globally or on render, not both.' });
  });

  it('renders the same in development, through the plugin', async () => {
    const development = await appWith(false);
    try {
      const direct = await development.inject({ url: '/render', query: { page: 'pages/error.hbs', way: 'direct' } });
      const plugin = await development.inject({ url: '/render', query: { page: 'pages/error.hbs', way: 'plugin' } });
      expect(direct.statusCode).toBe(200);
      expect(direct.body).toBe(plugin.body);
    } finally {
      await development.close();
    }
  });
});
