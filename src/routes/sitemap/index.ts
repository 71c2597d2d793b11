/**
 * For search engines: /robots.txt (what to leave alone, where the sitemap is) and the sitemaps —
 * /sitemap.xml names /sitemap-seiten.xml (home, statistics, legal pages) and one sitemap per
 * conference the public sees (/{konferenz}/sitemap.xml: its meetings and resolutions) and one of
 * the pages of its resolutions' versions (/{konferenz}/sitemap-fassungen.xml), so that no sitemap
 * exceeds the protocol's 50,000 addresses on a large archive.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { robotsTxt, sitemapIndexXml, urlsetXml } from '../../domain/sitemap.js';
import { conferencePages, conferencesWithVersionPages, conferenceVersionPages, generalPages, publicConferenceSlugs } from '../../services/sitemap.js';
import { conferencePath } from '../../domain/citation.js';
import { renderNotFound } from '../../plugins/errors.js';
import { ConferenceParam } from '../params.js';

const XML = 'application/xml; charset=utf-8';
const PUBLIC = { publicPage: true, access: 'public' } as const;

const sitemapRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const base = fastify.config.publicUrl;

  fastify.get('/robots.txt', { config: PUBLIC }, async (_request, reply) => reply.type('text/plain; charset=utf-8').send(robotsTxt(base)));

  fastify.get('/sitemap.xml', { config: PUBLIC }, async (_request, reply) => {
    const slugs = publicConferenceSlugs(fastify.db);
    const withVersions = new Set(conferencesWithVersionPages(fastify.db, slugs));
    const sitemaps = [
      { path: '/sitemap-seiten.xml' },
      ...slugs.flatMap((slug) => [
        { path: `${conferencePath(slug)}/sitemap.xml` },
        ...(withVersions.has(slug) ? [{ path: `${conferencePath(slug)}/sitemap-fassungen.xml` }] : []),
      ]),
    ];
    return reply.type(XML).send(sitemapIndexXml(base, sitemaps));
  });

  fastify.get('/sitemap-seiten.xml', { config: PUBLIC }, async (_request, reply) => reply.type(XML).send(urlsetXml(base, generalPages())));

  fastify.get(
    '/:conference/sitemap.xml',
    { schema: { params: Type.Object({ conference: ConferenceParam }) }, config: PUBLIC },
    async (request, reply) => {
      const entries = conferencePages(fastify.db, request.params.conference);
      if (!entries) return renderNotFound(request, reply);
      return reply.type(XML).send(urlsetXml(base, entries));
    },
  );

  fastify.get(
    '/:conference/sitemap-fassungen.xml',
    { schema: { params: Type.Object({ conference: ConferenceParam }) }, config: PUBLIC },
    async (request, reply) => {
      const entries = conferenceVersionPages(fastify.db, request.params.conference);
      if (!entries) return renderNotFound(request, reply);
      return reply.type(XML).send(urlsetXml(base, entries));
    },
  );
};

export default sitemapRoutes;
