/**
 * The addresses a sitemap lists: what the public sees, read with the public viewer through the
 * archive's own services (so the visibility rules of services/visibility.ts apply unchanged).
 */
import type { Db } from '../../db/connection.js';
import { conferencePath, meetingPath, resolutionPath } from '../domain/citation.js';
import { LEGAL_SLUGS } from '../domain/legal-pages.js';
import { SITEMAP_MAX_URLS, type SitemapEntry } from '../domain/sitemap.js';
import { conferencePage, homePage } from './archive.js';
import { listResolutions } from './export.js';
import { PUBLIC_VIEWER } from './visibility.js';
import { versionPages } from './versions.js';

/** The conferences the public sees, by slug: each has a sitemap of its own. */
export function publicConferenceSlugs(db: Db): string[] {
  return homePage(db, PUBLIC_VIEWER).conferences.map((c) => c.slug);
}

/**
 * The public conferences whose resolutions have pages of versions the public sees, by slug: each
 * has a sitemap of those pages besides its own (a resolution stored before versions were kept and
 * never changed since has none).
 */
export function conferencesWithVersionPages(db: Db, slugs: readonly string[]): string[] {
  return slugs.filter((slug) => versionPages(db, PUBLIC_VIEWER, slug, 1).length > 0);
}

/**
 * The pages of the versions of a conference's public resolutions (…/fassungen/{number}): those the
 * public sees (the versions a resolution had while it was public), each with the day it last
 * changed; null when the public does not see the conference or none of them.
 */
export function conferenceVersionPages(db: Db, slug: string): SitemapEntry[] | null {
  const entries = versionPages(db, PUBLIC_VIEWER, slug, SITEMAP_MAX_URLS);
  return entries.length > 0 ? entries : null;
}

/** The pages beyond the conferences: home, statistics, the legal pages, the API's reference. */
export function generalPages(): SitemapEntry[] {
  return [{ path: '/' }, { path: '/statistik' }, { path: '/api/docs' }, ...LEGAL_SLUGS.map((slug) => ({ path: `/${slug}` }))];
}

/**
 * A conference's pages: its own, its statistics, its meetings and its resolutions (each with the
 * day it or one of its public follow-ups last changed); null when the public does not see it.
 */
export function conferencePages(db: Db, slug: string): SitemapEntry[] | null {
  const data = conferencePage(db, PUBLIC_VIEWER, slug);
  if (!data) return null;
  const { conference } = data;
  const entries: SitemapEntry[] = [{ path: conferencePath(conference.slug) }, { path: `${conferencePath(conference.slug)}/statistik` }];
  for (const year of data.years) {
    for (const meeting of year.meetings) entries.push({ path: meetingPath(conference.slug, meeting.urlKey) });
  }
  const rows = listResolutions(db, PUBLIC_VIEWER, { conference: conference.slug, since: null, afterId: 0, limit: SITEMAP_MAX_URLS - entries.length });
  for (const row of rows) {
    entries.push({ path: resolutionPath(row.conference, row.meetingKey, row.agendaItem), lastmod: row.modifiedAt ? row.modifiedAt.slice(0, 10) : null });
  }
  return entries;
}
