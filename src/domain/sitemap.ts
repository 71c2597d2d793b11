/**
 * Sitemaps (https://www.sitemaps.org/protocol.html) and robots.txt (RFC 9309) as text: what
 * search engines are asked to read, and what they are asked to leave alone.
 */

/** A sitemap holds at most this many addresses (the protocol's limit). */
export const SITEMAP_MAX_URLS = 50_000;

export interface SitemapEntry {
  /** The address's path, e.g. /intmk/12/top/2.12. */
  path: string;
  /** The day it last changed (YYYY-MM-DD), when known. */
  lastmod?: string | null;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function locAndLastmod(base: string, entry: SitemapEntry): string {
  return `<loc>${escapeXml(base + entry.path)}</loc>${entry.lastmod ? `<lastmod>${entry.lastmod}</lastmod>` : ''}`;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** A sitemap of pages (`<urlset>`). */
export function urlsetXml(base: string, entries: readonly SitemapEntry[]): string {
  return `${XML_HEAD}<urlset xmlns="${NS}">\n${entries.map((e) => `<url>${locAndLastmod(base, e)}</url>\n`).join('')}</urlset>\n`;
}

/** A sitemap index (`<sitemapindex>`) naming the sitemaps. */
export function sitemapIndexXml(base: string, sitemaps: readonly SitemapEntry[]): string {
  return `${XML_HEAD}<sitemapindex xmlns="${NS}">\n${sitemaps.map((e) => `<sitemap>${locAndLastmod(base, e)}</sitemap>\n`).join('')}</sitemapindex>\n`;
}

/**
 * What crawlers are asked to leave alone: the search (endless combinations of filters, the same
 * resolutions again), pages as of a day (one per day of the calendar), the Word and PDF files
 * (made on each request; a PDF costs a Chromium process), the citations for citation managers
 * (BibTeX, RIS: the page again) and the areas behind the login.
 */
export const ROBOTS_DISALLOW = [
  '/suche',
  '/*?stand=',
  '/*&stand=',
  '/*.pdf$',
  '/*.docx$',
  '/*.bib$',
  '/*.ris$',
  '/anmelden',
  '/passwort-vergessen',
  '/konto/',
  '/verwaltung',
  '/merkliste',
  '/dashboard',
  '/berichtsauftraege',
];

export function robotsTxt(base: string): string {
  return `User-agent: *\n${ROBOTS_DISALLOW.map((path) => `Disallow: ${path}\n`).join('')}\nSitemap: ${base}/sitemap.xml\n`;
}
