/**
 * What `npm run build` compiles ahead of time (route validators, response serializers, templates):
 * the server answers with it exactly as when everything is compiled at start-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppOptions } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { Connection } from '../../db/connection.js';
import { precompileTemplates } from '../../src/plugins/view.js';
import {
  contentKey,
  loadPrecompiled,
  precompiledCompilers,
  recordingCompilers,
  writePrecompiled,
  type GeneratedModule,
  type Precompiled,
} from '../../src/precompiled.js';
import { freshDatabase, importSeed } from '../helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bm-precompiled-'));
const file = path.join(dir, 'precompiled.cjs');
const apps: FastifyInstance[] = [];
let connection: Connection;
const validators = new Map<string, string>();
const serializers = new Map<string, string>();
let templates: Map<string, string>;
let precompiled: Precompiled;

/** An app on the shared database (the same rows, ids and timestamps for every app). */
async function appWith(options: Omit<AppOptions, 'config' | 'connection'> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig(), connection, ...options });
  await app.ready();
  apps.push(app);
  return app;
}

beforeAll(async () => {
  connection = freshDatabase();
  importSeed(connection);
  await appWith({ schemaCompilers: recordingCompilers(validators, serializers) });
  templates = precompileTemplates();
  writePrecompiled(file, { validators, serializers, templates });
  precompiled = loadPrecompiled(file)!;
});

afterAll(async () => {
  for (const app of apps) await app.close();
  rmSync(dir, { recursive: true, force: true });
});

// Pages (templates), the API (serializers) and good and bad values for params and query strings
// (validators: coercion, defaults, limits, formats, patterns, unknown properties).
const REQUESTS = [
  '/',
  '/intmk',
  '/intmk/12',
  '/intmk/12/top/2.12',
  '/intmk/12/top/2.12?stand=2017-12-31',
  `/intmk/12/top/2.12?stand=${'x'.repeat(41)}`,
  '/intmk/12/top/2.12/status.atom',
  '/intmk/12/top/99',
  '/suche?q=Bund',
  '/suche?q=Bund&seite=2',
  `/suche?q=Bund&seite=${'9'.repeat(201)}`,
  '/statistik',
  '/impressum',
  '/api/v1/conferences',
  '/api/v1/conferences/intmk/meetings',
  '/api/v1/resolutions?limit=2',
  '/api/v1/resolutions?limit=0',
  '/api/v1/resolutions?limit=zwei',
  '/api/v1/resolutions?modified_since=gestern',
  '/api/v1/resolutions?modified_since=2017-01-01T00:00:00Z',
  '/api/v1/resolutions?unbekannt=1',
  '/api/v1/resolutions/intmk/12/2.12',
  '/api/v1/resolutions/INTMK/12/2.12',
  '/api/v1/search?q=Bund',
  '/oparl/v1',
  '/oparl/v1/body/intmk/papers?elementsPerPage=2',
  '/oparl/v1/body/intmk/meetings?modified_since=gestern',
  '/oparl/v1/body/intmk/organizations?unbekannt=1',
  '/oparl/v1/paper/intmk/12/2.12',
  '/oparl/v1/file/intmk/12/2.12/download',
];

describe('precompiled validators, serializers and templates', () => {
  it('holds generated code for every route schema and every template', () => {
    expect(precompiled.validators.size).toBe(validators.size);
    expect(precompiled.validators.size).toBeGreaterThan(20);
    expect(precompiled.serializers.size).toBe(serializers.size);
    expect(precompiled.serializers.size).toBeGreaterThan(3);
    expect(precompiled.templates.size).toBe(templates.size);
    expect(precompiled.templates.size).toBeGreaterThan(40);
    expect(loadPrecompiled(path.join(dir, 'fehlt.cjs'))).toBeNull();
  });

  /** Asks both apps every request; returns the statuses seen. */
  async function expectSameAnswers(actualApp: FastifyInstance, expectedApp: FastifyInstance): Promise<Set<number>> {
    const statuses = new Set<number>();
    for (const url of REQUESTS) {
      const expected = await expectedApp.inject(url);
      const actual = await actualApp.inject(url);
      expect({ url, status: actual.statusCode, type: actual.headers['content-type'], body: actual.body }).toEqual({
        url,
        status: expected.statusCode,
        type: expected.headers['content-type'],
        body: expected.body,
      });
      statuses.add(actual.statusCode);
    }
    return statuses;
  }

  it('answers every request exactly as with everything compiled at start-up', async () => {
    const compiled = await appWith();
    const fromBuild = await appWith({ schemaCompilers: precompiledCompilers(precompiled), templates: precompiled.templates });
    const statuses = await expectSameAnswers(fromBuild, compiled);
    expect([...statuses].sort()).toEqual([200, 400, 404]);
  });

  it('renders a template the build does not have with the same helpers and partials (the compiler loaded on demand)', async () => {
    const compiled = await appWith();
    // every other template from the build, the rest compiled by the runtime environment
    const some = new Map([...precompiled.templates].filter((_, i) => i % 2 === 0));
    await expectSameAnswers(await appWith({ templates: some }), compiled);
    await expectSameAnswers(await appWith({ templates: new Map() }), compiled);
  });

  it('takes validators, serializers and templates from the generated code, not from the libraries', async () => {
    const refuse: GeneratedModule = (module) => {
      module.exports = Object.assign(() => false, { errors: [{ instancePath: '', message: 'abgelehnt', keyword: 'test', schemaPath: '#', params: {} }] });
    };
    const serialize: GeneratedModule = (module) => {
      module.exports = () => '{"aus":"dem Build"}';
    };
    const marked = (spec: object) => ({ ...spec, main: () => '<p>aus dem Build</p>' });
    const app = await appWith({
      schemaCompilers: precompiledCompilers({
        validators: new Map([...precompiled.validators.keys()].map((key) => [key, refuse])),
        serializers: new Map([...precompiled.serializers.keys()].map((key) => [key, serialize])),
        templates: new Map(),
      }),
      templates: new Map([...precompiled.templates].map(([key, spec]) => [key, marked(spec)])),
    });
    expect((await app.inject('/api/v1/resolutions?limit=2')).statusCode).toBe(400);
    expect((await app.inject('/api/v1/conferences')).body).toBe('{"aus":"dem Build"}');
    expect((await app.inject('/')).body).toBe('<p>aus dem Build</p>');
  });

  it('compiles whatever the build does not have, as without it', async () => {
    const app = await appWith({
      schemaCompilers: precompiledCompilers({ validators: new Map(), serializers: new Map(), templates: new Map() }),
      templates: new Map(),
    });
    expect((await app.inject('/api/v1/resolutions?limit=2')).statusCode).toBe(200);
    expect((await app.inject('/api/v1/resolutions?limit=0')).statusCode).toBe(400);
    expect(JSON.parse((await app.inject('/api/v1/conferences')).body)).toMatchObject({ items: expect.any(Array) });
    expect((await app.inject('/intmk/12/top/2.12')).body).toContain('mehrheitlich');
  });

  it('keys code by content', () => {
    expect(contentKey({ type: 'integer', minimum: 1 })).toBe(contentKey({ type: 'integer', minimum: 1 }));
    expect(contentKey({ type: 'integer', minimum: 1 })).not.toBe(contentKey({ type: 'integer', minimum: 0 }));
  });
});
