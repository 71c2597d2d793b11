/**
 * What the search shows of one page of hits: details, highlighted title and the best snippet
 * (built from the original texts, which the index does not store); and the demand statuses of
 * candidates "as of" a date.
 */
import type { MeetingFacts } from '../../domain/citation.js';
import { isLandCode, type LandCode } from '../../domain/laender.js';
import { codeList, codesOf } from '../../domain/search-facets.js';
import type { ParsedQuery } from '../../domain/search-query.js';
import type { SearchCandidate } from '../../domain/search-ranking.js';
import { bestSnippet, excerpt, highlight, type Segment } from '../../domain/search-text.js';
import { EVENT_KEY_STATUS, type Queries } from './queries.js';
import type { Addressee, DemandStatus, Outcome, ReleaseState } from '../../domain/vocabulary.js';

export interface SearchHit {
  id: number;
  conference: { slug: string; shortName: string; name: string };
  meeting: MeetingFacts & { urlKey: string };
  agendaItem: string;
  title: string;
  titleSegments: Segment[];
  snippet: Segment[] | null;
  /** The snippet is from a document stored with a follow-up ("im Dokument"). */
  snippetInDocument: boolean;
  outcome: Outcome;
  sponsors: LandCode[];
  statuses: DemandStatus[];
  addressees: Addressee[];
  release: ReleaseState;
  releasedOn: string | null;
  updatedAt: string;
  score: number;
}

/**
 * Replaces each candidate's demand statuses with those as of `asOf`: per demand the last
 * status-bearing follow-up (its own or one on the whole resolution) on or before the date that
 * the viewer may see, else open (domain/status.ts demandStatusesAsOf, here from the last event of
 * each Ziffer and of each resolution, which SQL picks). Bounded by the candidate cap.
 */
export function withStatusesAsOf(q: Queries, params: Record<string, unknown>, candidates: SearchCandidate[], asOf: string): SearchCandidate[] {
  if (candidates.length === 0) return candidates;
  const ids = JSON.stringify(candidates.map((c) => c.id));
  // raw rows: [resolutionId, demandId (null: the whole resolution), last event's key]
  const last = new Map<number, Map<number | null, string>>();
  for (const [resolutionId, demandId, key] of q.asOfLastEvents.values({ ...params, ids, asOf }) as [number, number | null, string][]) {
    let own = last.get(resolutionId);
    if (!own) last.set(resolutionId, (own = new Map()));
    own.set(demandId, key);
  }
  const statuses = new Map<number, string[]>();
  for (const [resolutionId, demandIds] of q.asOfDemands.values({ ...params, ids }) as [number, string][]) {
    const events = last.get(resolutionId);
    const whole = events?.get(null);
    statuses.set(
      resolutionId,
      demandIds.split(',').map((id) => {
        const own = events?.get(Number(id));
        // the later of the two (keys sort as the events do)
        const key = own === undefined ? whole : whole === undefined || own > whole ? own : whole;
        return key === undefined ? 'open' : key.slice(EVENT_KEY_STATUS);
      }),
    );
  }
  return candidates.map((c) => ({ ...c, statuses: codeList(statuses.get(c.id) ?? []) }));
}

/** Details and snippets of one page of candidates. */
export function pageHits(
  q: Queries,
  params: Record<string, unknown>,
  query: ParsedQuery,
  slice: readonly SearchCandidate[],
  snippets: boolean,
): SearchHit[] {
  const ids = JSON.stringify(slice.map((row) => row.id));
  const details = new Map(q.details.all({ ...params, ids }).map((row) => [row.id, row]));
  const texts = new Map<number, { text: string; source: string }[]>();
  if (snippets && slice.length > 0) {
    const push = (id: number, text: string, source: string) => {
      const list = texts.get(id) ?? [];
      list.push({ text, source });
      texts.set(id, list);
    };
    for (const row of q.demandTexts.all({ ...params, ids })) push(row.resolutionId, row.text, 'demand');
    if (query.match !== null) {
      for (const row of q.statementTexts.all({ ...params, ids })) push(row.resolutionId, row.text, 'statement');
      for (const row of q.followUpTexts.all({ ...params, ids })) push(row.resolutionId, row.text, 'followUp');
      for (const row of q.documentTexts.all({ ...params, ids })) push(row.resolutionId, row.text, 'document');
    }
  }
  const hits: SearchHit[] = [];
  for (const row of slice) {
    const detail = details.get(row.id);
    if (!detail) continue;
    const own = texts.get(row.id) ?? [];
    let snippetSegments: Segment[] | null = null;
    let snippetInDocument = false;
    if (snippets) {
      const best = query.match !== null ? bestSnippet(own, query.highlight) : null;
      snippetSegments = best?.segments ?? null;
      snippetInDocument = best?.source === 'document';
      if (snippetSegments === null && own[0]) snippetSegments = excerpt(own[0].text);
    }
    hits.push({
      id: row.id,
      conference: { slug: detail.conference, shortName: detail.conferenceShortName, name: detail.conferenceName },
      meeting: {
        urlKey: detail.meetingKey,
        number: detail.meetingNumber,
        year: detail.meetingYear,
        startDate: detail.meetingStart,
        endDate: detail.meetingEnd,
        place: detail.meetingPlace,
      },
      agendaItem: detail.agendaItem,
      title: detail.title,
      titleSegments: snippets ? highlight(detail.title, query.highlight) : [{ text: detail.title, hit: false }],
      snippet: snippetSegments,
      snippetInDocument,
      outcome: detail.outcome,
      sponsors: codesOf(row.sponsors).filter(isLandCode),
      statuses: codesOf(row.statuses) as DemandStatus[],
      addressees: codesOf(row.addressees) as Addressee[],
      release: detail.release,
      releasedOn: detail.releasedOn,
      updatedAt: detail.updatedAt,
      score: row.score,
    });
  }
  return hits;
}
