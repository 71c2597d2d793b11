/**
 * What a public page tells search engines and link previews about itself (views/layouts/main.hbs
 * reads `head`): a sentence, and its own address as the one to cite — whatever spelling of it was
 * requested (a trailing slash, parameters in another order, an unknown or ignored one).
 */

/** `address`: the page's path with its query as the page itself writes it, e.g. "/statistik?stand=2018-01-01". */
export function publicHead(publicUrl: string, address: string, description: string): { description: string; canonical: string } {
  return { description, canonical: `${publicUrl}${address}` };
}

/** The longest description: what search results show of it. */
const DESCRIPTION_LENGTH = 160;

/** A text as a description: its whitespace collapsed, cut at a word before 160 characters with "…". */
export function descriptionOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= DESCRIPTION_LENGTH) return flat;
  const cut = flat.slice(0, DESCRIPTION_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > DESCRIPTION_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}
