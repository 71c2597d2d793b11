/**
 * A web address as people type or paste it into a link field: "www.bmi.bund.de/…" or
 * "bundesregierung.de" without a scheme is completed to https://; an address with http:// or
 * https:// stays as it is. Anything else — text with spaces, another scheme (mailto:, javascript:),
 * a name without a top-level domain — is no web address. Pure; parsed with the WHATWG URL parser.
 */

/** A top-level domain: letters, or an internationalised one in its ASCII form. */
const TOP_LEVEL_DOMAIN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** A scheme before a colon ("mailto:", "javascript:"), not a host with a port ("www.example.de:8080"). */
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d)/i;

/**
 * The address as stored and shown: the typed one, with https:// in front where it had no scheme;
 * null when the text is no web address. Surrounding space and the angle brackets of a pasted
 * "<https://…>" are dropped.
 */
export function completeWebAddress(typed: string): string | null {
  const trimmed = typed.trim().replace(/^<(.*)>$/s, '$1').trim();
  if (trimmed === '' || /\s/.test(trimmed)) return null;
  let candidate: string;
  if (/^https?:\/\//i.test(trimmed)) candidate = trimmed;
  else if (trimmed.startsWith('//')) candidate = `https:${trimmed}`;
  else if (OTHER_SCHEME.test(trimmed)) return null;
  else candidate = `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const labels = url.hostname.split('.');
  if (labels.length < 2 || labels.some((label) => label === '') || !TOP_LEVEL_DOMAIN.test(labels.at(-1)!)) return null;
  return candidate;
}

/** The host a stored web address leads to ("www.bmi.bund.de"), for the link's name; null when it has none. */
export function webAddressHost(address: string): string | null {
  try {
    const host = new URL(address).hostname;
    return host === '' ? null : host;
  } catch {
    return null;
  }
}
