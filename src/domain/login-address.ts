/**
 * The way to a page through the login: `/anmelden?weiter=<path>`. The login page sends a
 * logged-in visitor on at once, and anybody else there after logging in (routes/account). Used
 * where a link leads to what only logged-in accounts see: the links of the mails to accounts
 * (reminders, digest) and of the personal feed when what they show is not public, and the 404 page
 * a logged-out visitor gets (which cannot tell an unknown page from one not released: it offers
 * the login for every address). An account that logs in with a one-time password is sent on the
 * same way through the password change (`passwordChangeAddress`).
 */

/** Only paths on this site, printable ASCII without spaces, at most 500 characters: never another site. */
export function isReturnPath(value: string): boolean {
  return value.length <= 500 && /^\/(?![/\\])[\x21-\x7e]*$/.test(value);
}

/**
 * The login's address that leads on to `path` (a path on this site, with query and fragment). The
 * path is encoded as a query value, its slashes left as they are so that a mail's plain text stays
 * readable: `/anmelden?weiter=/intmk/30/top/1/ziffer/2`, `…?weiter=/intmk/30/top/1%23ziffer-2`.
 */
export function loginAddress(path: string): string {
  return `/anmelden?weiter=${encodeURIComponent(path).replaceAll('%2F', '/')}`;
}

/**
 * The password change an account with a one-time password must make first, leading on to `path`
 * afterwards (the same return-path rule as the login): `/konto/passwort?weiter=/intmk/30/top/1`.
 * Without a path worth returning to (none, "/", or one that is not a path on this site), the plain
 * page, which then offers the role's start pages.
 */
export function passwordChangeAddress(path: string | null | undefined): string {
  if (!path || path === '/' || !isReturnPath(path)) return '/konto/passwort';
  return `/konto/passwort?weiter=${encodeURIComponent(path).replaceAll('%2F', '/')}`;
}

/** A link to `path` as a mail or a feed gives it: the path itself when the public sees it, else through the login. */
export function linkThroughLogin(path: string, publiclyVisible: boolean): string {
  return publiclyVisible ? path : loginAddress(path);
}
