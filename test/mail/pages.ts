/** Small helpers for the mail tests' form posts. */
import type { FastifyInstance } from 'fastify';
import { cookiesOf } from '../helpers.js';

/** Opens a page with a form and returns its CSRF token and the cookies to post it with. */
export async function verifyCsrfPage(app: FastifyInstance, url: string, cookies: Record<string, string> = {}) {
  const page = await app.inject({ url, cookies });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${url} (${page.statusCode})`);
  return { token, cookies: { ...cookies, ...cookiesOf(page) }, page };
}
