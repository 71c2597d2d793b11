/**
 * The legally required pages, public and cacheable (Impressum, Datenschutz, Barrierefreiheit,
 * Leichte Sprache), and their editor for the secretariat under /verwaltung/seiten.
 * Bodies are plain text, rendered as escaped headings, paragraphs and lists.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { isLegalSlug, LEGAL_SLUGS, MAX_BODY_LENGTH, MAX_TITLE_LENGTH, parsePageBody, validatePage, type LegalSlug } from '../../domain/legal-pages.js';
import { formatDateLong } from '../../domain/dates.js';
import { getPage, listPages, PageConflictError, savePage } from '../../services/legal-pages.js';
import { NotFoundError, ValidationError } from '../../services/types.js';
import { fieldErrorTexts, translate } from '../../i18n.js';
import { errorSummary } from '../error-summary.js';
import { actorOf } from '../actor.js';
import { descriptionOf, publicHead } from '../page-head.js';

const SECRETARIAT = ['secretariat'] as const;
const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z-]{1,40}$' }) }, { additionalProperties: false });
/** `?gespeichert` after the form was saved. */
const SavedQuery = Type.Object({ gespeichert: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false });
const EditBody = Type.Object(
  {
    title: Type.String({ maxLength: MAX_TITLE_LENGTH * 2 }),
    body: Type.String({ maxLength: MAX_BODY_LENGTH * 2 }),
    version: Type.String({ pattern: '^[0-9]{1,9}$' }),
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);


function slugOf(value: string): LegalSlug {
  if (!isLegalSlug(value)) throw new NotFoundError();
  return value;
}

const legalRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const guard = fastify.guard(SECRETARIAT);
  const guardPost = fastify.guard(SECRETARIAT, { csrf: true });

  for (const slug of LEGAL_SLUGS) {
    fastify.get(`/${slug}`, { config: { access: 'public', publicPage: true } }, async (request, reply) => {
      const page = getPage(fastify.db, slug);
      const blocks = parsePageBody(page.body);
      // its first paragraph describes it; a page of headings and lists alone, its title
      const first = blocks.find((block) => block.kind === 'paragraph');
      return reply.viewAsync('pages/legal.hbs', {
        title: page.title,
        head: publicHead(fastify.config.publicUrl, `/${slug}`, descriptionOf(first ? first.lines.join(' ') : page.title)),
        page,
        blocks,
        updatedOn: formatDateLong(page.updatedAt.slice(0, 10)),
        editUrl: request.user?.role === 'secretariat' ? `/verwaltung/seiten/${slug}` : null,
        easyLanguage: slug === 'leichte-sprache',
      });
    });
  }

  fastify.get('/verwaltung/seiten', { config: { access: SECRETARIAT }, preValidation: guard }, async (_request, reply) => {
    return reply.viewAsync('pages/legal-overview.hbs', {
      title: translate('legal.overviewTitle'),
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('legal.overviewTitle') }],
      pages: listPages(fastify.db).map((page) => ({
        ...page,
        publicUrl: `/${page.slug}`,
        editUrl: `/verwaltung/seiten/${page.slug}`,
        updatedOn: formatDateLong(page.updatedAt.slice(0, 10)),
      })),
    });
  });

  function renderEdit(
    reply: FastifyReply,
    slug: LegalSlug,
    version: number,
    input: { title: string; body: string },
    extra: { errors?: Record<string, string>; saved?: boolean; conflict?: { title: string; body: string } } = {},
  ) {
    const errors = extra.errors ?? {};
    return reply.viewAsync('pages/legal-edit.hbs', {
      title: translate('legal.editTitle', { title: input.title || slug }),
      breadcrumbs: [
        { label: translate('workspace.title'), url: '/verwaltung' },
        { label: translate('legal.overviewTitle'), url: '/verwaltung/seiten' },
        { label: input.title || slug },
      ],
      action: `/verwaltung/seiten/${slug}`,
      publicUrl: `/${slug}`,
      csrfToken: reply.csrfToken(),
      version,
      input,
      errors,
      errorList: errorSummary(errors),
      saved: extra.saved === true,
      conflict: extra.conflict ?? null,
    });
  }

  fastify.get(
    '/verwaltung/seiten/:slug',
    { schema: { params: SlugParams, querystring: SavedQuery }, config: { access: SECRETARIAT }, preValidation: guard },
    async (request, reply) => {
      const slug = slugOf(request.params.slug);
      const page = getPage(fastify.db, slug);
      return renderEdit(reply, slug, page.version, page, { saved: request.query.gespeichert !== undefined });
    },
  );

  fastify.post(
    '/verwaltung/seiten/:slug',
    { schema: { params: SlugParams, body: EditBody }, config: { access: SECRETARIAT }, preValidation: guardPost },
    async (request, reply) => {
      const slug = slugOf(request.params.slug);
      const input = { title: request.body.title, body: request.body.body };
      const version = Number(request.body.version);
      const errors = validatePage({ title: input.title.trim(), body: input.body.trim() });
      if (Object.keys(errors).length > 0) return renderEdit(reply.code(422), slug, version, input, { errors: fieldErrorTexts(errors) });
      try {
        savePage(fastify.db, actorOf(request), slug, version, input);
      } catch (error) {
        if (error instanceof PageConflictError) {
          // The user's input stays in the form; the version is the current one, the current text is shown beside it.
          return renderEdit(reply.code(409), slug, error.current.version, input, {
            errors: { form: error.message },
            conflict: { title: error.current.title, body: error.current.body },
          });
        }
        if (error instanceof ValidationError) return renderEdit(reply.code(422), slug, version, input, { errors: { form: error.message } });
        throw error;
      }
      return reply.redirect(`/verwaltung/seiten/${slug}?gespeichert`, 303);
    },
  );
};

export default legalRoutes;
