/**
 * Where each role begins, in one place: the page a login leads to when no return address was
 * given, and the pages a refusal (403) leads on to besides the home page.
 */
import type { UserRole } from '../domain/vocabulary.js';
import { translate } from '../i18n.js';

/** A role's own pages, its start page first, with the catalogue key of each link's text. */
const ROLE_PAGES: Record<UserRole, readonly { path: string; label: string }[]> = {
  admin: [{ path: '/verwaltung/benutzer', label: 'admin.nav' }],
  secretariat: [
    { path: '/verwaltung', label: 'workspace.title' },
    { path: '/dashboard', label: 'site.dashboardNav' },
  ],
  land: [{ path: '/dashboard', label: 'site.dashboardNav' }],
};

/** The role's own start page (the administration, the secretariat's workspace, the Land's dashboard). */
export function startPageOf(role: UserRole): string {
  return ROLE_PAGES[role][0]!.path;
}

/** The role's own pages as links, its start page first: where a refusal leads on to. */
export function rolePagesOf(role: UserRole): { href: string; label: string }[] {
  return ROLE_PAGES[role].map((page) => ({ href: page.path, label: translate(page.label) }));
}
