/** Where each role begins: the page a login leads to when no return address was given. */
import type { UserRole } from '../domain/vocabulary.js';

const START_PAGES: Record<UserRole, string> = {
  admin: '/verwaltung/benutzer',
  secretariat: '/verwaltung',
  land: '/dashboard',
};

/** The role's own start page (the administration, the secretariat's workspace, the Land's dashboard). */
export function startPageOf(role: UserRole): string {
  return START_PAGES[role];
}
