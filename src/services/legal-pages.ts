/**
 * The editable legal pages (Impressum, Datenschutz, Barrierefreiheit, Leichte Sprache): created
 * from the templates in ../domain/legal-pages.ts when missing, read by the public pages, edited
 * by the secretariat with a version check and an audit entry in the same transaction.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { pages } from '../../db/schema.js';
import { LEGAL_PAGE_TEMPLATES, validatePage, type LegalSlug } from '../domain/legal-pages.js';
import { audit, SYSTEM_ACTOR, type Actor } from './audit.js';
import { preparedPer } from './prepared.js';
import { NotFoundError, ValidationError } from './types.js';
import { writeTransaction } from './tx.js';
import { fieldErrorTexts, translate } from '../i18n.js';

export interface StoredPage {
  slug: string;
  title: string;
  body: string;
  version: number;
  updatedAt: string;
}

/** Someone else saved the page in the meantime; carries the current state. */
export class PageConflictError extends Error {
  constructor(readonly current: StoredPage) {
    super(translate('legal.changedMeanwhile'));
    this.name = 'PageConflictError';
  }
}

const columns = { slug: pages.slug, title: pages.title, body: pages.body, version: pages.version, updatedAt: pages.updatedAt };

/** Creates the pages that do not exist yet from the templates (at every start; idempotent). */
export function ensureLegalPages(db: Db): number {
  const stored = new Set(db.select({ slug: pages.slug }).from(pages).all().map((row) => row.slug));
  const missing = LEGAL_PAGE_TEMPLATES.filter((template) => !stored.has(template.slug));
  if (missing.length === 0) return 0;
  return writeTransaction(db, (tx) => {
    let created = 0;
    for (const template of missing) {
      const result = tx.insert(pages).values({ slug: template.slug, title: template.title, body: template.body }).onConflictDoNothing().run();
      if (result.changes === 0) continue;
      created += 1;
      audit(tx, SYSTEM_ACTOR, { action: 'page.create', entityType: 'page', entityId: template.slug, after: { title: template.title } });
    }
    return created;
  });
}

const queries = preparedPer((db: Db) => ({
  page: db.select(columns).from(pages).where(eq(pages.slug, sql.placeholder('slug'))).prepare(),
  all: db.select(columns).from(pages).prepare(),
}));

export function getPage(db: Db, slug: LegalSlug): StoredPage {
  const row = queries(db).page.get({ slug });
  if (!row) throw new NotFoundError();
  return row;
}

export function listPages(db: Db): StoredPage[] {
  const order = new Map(LEGAL_PAGE_TEMPLATES.map((template, index) => [template.slug as string, index]));
  return queries(db)
    .all.all()
    .filter((row) => order.has(row.slug))
    .sort((a, b) => order.get(a.slug)! - order.get(b.slug)!);
}

/** Saves an edited page if `version` is still current; returns the new version. */
export function savePage(db: Db, actor: Actor, slug: LegalSlug, version: number, input: { title: string; body: string }): number {
  const title = input.title.trim();
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  const errors = validatePage({ title, body });
  if (Object.keys(errors).length > 0) {
    const texts = Object.values(fieldErrorTexts(errors));
    throw new ValidationError(texts[0]!, texts);
  }
  return writeTransaction(db, (tx) => {
    const before = tx.select(columns).from(pages).where(eq(pages.slug, slug)).get();
    if (!before) throw new NotFoundError();
    if (before.version !== version) throw new PageConflictError(before);
    tx.update(pages)
      .set({ title, body, version: version + 1, updatedAt: new Date().toISOString() })
      .where(eq(pages.slug, slug))
      .run();
    audit(tx, actor, {
      action: 'page.update',
      entityType: 'page',
      entityId: slug,
      before: { title: before.title, body: before.body, version: before.version },
      after: { title, body, version: version + 1 },
    });
    return version + 1;
  });
}
