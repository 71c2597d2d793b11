/**
 * Storing documents in the import interchange format: used by the command-line importer, the
 * browser import and the demo loader alike. One call is one transaction: a collection in which
 * one TOP is broken stores nothing.
 *
 * Re-importing the same document updates the same resolutions (same conference, meeting, TOP)
 * and never touches their follow-ups.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  conferences,
  demands,
  meetings,
  protocolStatements,
  resolutionSponsors,
  resolutions,
} from '../../db/schema.js';
import type { Db } from '../../db/connection.js';
import { agendaItemSortKey } from '../domain/agenda-item.js';
import { conferenceSlug, meetingLabel, meetingUrlKey } from '../domain/citation.js';
import { formatDateShort, todayIso } from '../domain/dates.js';
import { berlinDateAndHour } from '../domain/berlin-time.js';
import {
  type ImportDocument,
  type ImportMeeting,
  type ImportResolution,
} from '../domain/import-format.js';
import { refreshRepeats } from './repeats.js';
import { demandsUnchanged, keptDemandNotes, planDemands, storeDemands } from './import-demands.js';
import { refreshDemandStatuses } from './followups.js';
import { audit, type Actor } from './audit.js';
import { ensureBaseline, recordVersion, resolutionSnapshot as snapshot } from './versions.js';
import { mayImportInto, type Viewer } from './access.js';
import { withoutControlCharactersDeep } from '../domain/text-safety.js';
import { uiText, type UiText } from '../domain/ui-text.js';
import { uiTextOf } from '../i18n.js';
import { writeTransaction } from './tx.js';
import { RefusedError, type DbOrTx } from './types.js';
import { checkDocument, meetingYear, resolutionLabel } from './import-checks.js';
import { renumberedAgendaItems, renumberedMeeting, type RenumberedItem, type RenumberedMeeting } from './former-addresses.js';
import { AlreadyImportedError, findConfirmation, recordConfirmation } from './import-confirmations.js';
import type { LandCode } from '../domain/laender.js';
import { type MeetingKind, type ReleaseState } from '../domain/vocabulary.js';

/**
 * What is stored of a document: its resolutions. Its warnings, whether the parser's or an
 * interchange file's, are for the people who import it and are not stored.
 */
export interface StorableDocument {
  resolutions: ImportDocument['resolutions'];
  warnings?: readonly unknown[];
}

export interface ImportOptions {
  /** Where the text came from, shown with the resolution ("TOP 2.12.pdf", "Demodaten"); null where nothing names it (pasted text). */
  source: string | null;
  synthetic?: boolean;
  /** Release state of new resolutions; for existing ones only when given explicitly. */
  release?: ReleaseState;
  releasedOn?: string | null;
  /**
   * Who imports, in the browser: a secretariat stores only resolutions of the conferences it
   * works for (the whole document is refused otherwise). The command line imports as the operator.
   */
  viewer?: Viewer;
  /** The caller compares the whole archive for repeated demands afterwards (the demo loader). */
  deferRepeats?: boolean;
  /**
   * The chair the document's text names ("Vorsitz: … Saarland"), as the parser read it with the
   * resolutions (`analyseResolutionText`): stored with the meetings the import creates, never
   * replacing a meeting's own. Not part of the interchange format, which has no chair; the browser's
   * preview carries it beside the parsed document, and the secretariat may correct it there.
   */
  chairLand?: LandCode | null;
  /**
   * The browser's confirmation of a previewed file (import-confirmations.ts): recorded with what
   * was stored, in the last batch's transaction. Confirmed already, the import stores nothing and
   * throws AlreadyImportedError with the first confirmation's result.
   */
  confirmation?: { readonly id: string; /** The file's name as the secretariat chose it (or "Eingefügter Text"). */ readonly file: string };
  /**
   * A meeting the document names by a number (or first day) it gave up since, when it was corrected
   * (former-addresses.ts renumberedMeeting), or a TOP of a meeting it names by the number the TOP
   * gave up (renumberedAgendaItems): 'use' stores into that meeting or TOP under its number today
   * (and says so in the notes), 'new' stores as the text reads, making another meeting or TOP.
   * Without either the whole document is refused (RenumberedError), nothing stored: which of the
   * two is meant only a person can tell, and storing as the text reads would quietly make a second
   * one of the same. The browser's preview passes 'new': it has said it and proposed the number
   * today (routes/workspace/import.ts), so what its form sends is what the person chose.
   */
  renumbered?: 'use' | 'new';
}

/** A meeting or TOP a document names by the number (or first day) it had before a correction. */
export interface RenumberedNaming {
  readonly kind: 'meeting' | 'top';
  /** How the document names it: "12. IntMK 2017", "TOP 2.1 der 8. IntMK 2012". */
  readonly named: string;
  /** How it is named today: "13. IntMK 2017", "TOP 2.9". */
  readonly now: string;
  /** When it gave the name up (ISO UTC). */
  readonly replacedAt: string;
}

/** The import was refused because the document names meetings or TOPs by a number they gave up (ImportOptions.renumbered). */
export class RenumberedError extends RefusedError {
  constructor(readonly namings: readonly RenumberedNaming[]) {
    super(namings.map(renumberedText));
    this.name = 'RenumberedError';
  }
}

/** How a document names a meeting that gave up that name, and how the meeting is named today. */
export function renumberedNaming(named: Pick<ImportResolution, 'conference' | 'meeting'>, meeting: RenumberedMeeting): RenumberedNaming {
  const { number, startDate } = named.meeting;
  return {
    kind: 'meeting',
    named: meetingLabel(named.conference, { number, year: meetingYear(named.meeting) ?? meeting.year, startDate }),
    now: meetingLabel(meeting.conference, meeting),
    replacedAt: meeting.replacedAt,
  };
}

/** How a document names a TOP of a meeting that gave up that number, and its number today. */
export function renumberedItemNaming(named: Pick<ImportResolution, 'conference' | 'meeting' | 'agendaItem'>, item: RenumberedItem): RenumberedNaming {
  return { kind: 'top', named: resolutionLabel(named), now: `TOP ${item.agendaItem}`, replacedAt: item.replacedAt };
}

/** "Der Text nennt die 12. IntMK 2017. So hieß bis zum 07.12.2026 die Sitzung, die jetzt 13. IntMK 2017 heißt (berichtigt)." */
export function renumberedText(naming: RenumberedNaming): UiText {
  const date = formatDateShort(berlinDateAndHour(new Date(naming.replacedAt)).date);
  return uiText(naming.kind === 'meeting' ? 'importError.meetingRenumbered' : 'importError.topRenumbered', { named: naming.named, now: naming.now, date });
}

export interface ImportedItem {
  id: number;
  label: string;
  change: 'created' | 'updated' | 'unchanged';
}

export interface ImportResult {
  items: ImportedItem[];
  /** Things kept on purpose, e.g. demands with follow-ups that the new text no longer has. */
  notes: string[];
}

/** The meetings an import stored its resolutions in, named as pages name them: where the secretariat goes on to release them. */
export function importedMeetings(db: DbOrTx, items: readonly ImportedItem[]): { id: number; label: string }[] {
  if (items.length === 0) return [];
  const rows = db
    .selectDistinct({ id: meetings.id, shortName: conferences.shortName, number: meetings.number, year: meetings.year, startDate: meetings.startDate })
    .from(resolutions)
    .innerJoin(meetings, eq(meetings.id, resolutions.meetingId))
    .innerJoin(conferences, eq(conferences.id, meetings.conferenceId))
    .where(inArray(resolutions.id, items.map((item) => item.id)))
    .orderBy(asc(conferences.shortName), asc(meetings.year), asc(meetings.id))
    .all();
  return rows.map((row) => ({ id: row.id, label: meetingLabel(row.shortName, row) }));
}

/** Finds or creates the conference of a short name ("IntMK"). */
export function ensureConference(tx: DbOrTx, actor: Actor, shortName: string, name?: string): number {
  const slug = conferenceSlug(shortName);
  const existing = tx.select({ id: conferences.id }).from(conferences).where(eq(conferences.slug, slug)).get();
  if (existing) return existing.id;
  const created = tx
    .insert(conferences)
    .values({ slug, shortName, name: name ?? shortName })
    .returning({ id: conferences.id })
    .get();
  audit(tx, actor, { action: 'conference.create', entityType: 'conference', entityId: created.id, after: { slug, shortName, name } });
  return created.id;
}

export interface MeetingDetails extends ImportMeeting {
  chairLand?: string | null;
  kind?: MeetingKind;
}

/** Finds the meeting by its URL key or creates it; fills in details the stored row lacks. */
export function ensureMeeting(tx: DbOrTx, actor: Actor, conferenceId: number, details: MeetingDetails): number {
  const urlKey = meetingUrlKey(details);
  const existing = tx
    .select()
    .from(meetings)
    .where(and(eq(meetings.conferenceId, conferenceId), eq(meetings.urlKey, urlKey)))
    .get();
  if (!existing) {
    const values = {
      conferenceId,
      urlKey,
      number: details.number,
      year: meetingYear(details) ?? 0, // checkResolution refuses a meeting without a year
      startDate: details.startDate,
      endDate: details.endDate,
      place: details.place,
      chairLand: details.chairLand ?? null,
      kind: details.kind ?? (details.place === null ? 'written' : 'presence'),
    } as const;
    const created = tx.insert(meetings).values(values).returning({ id: meetings.id }).get();
    audit(tx, actor, { action: 'meeting.create', entityType: 'meeting', entityId: created.id, after: values });
    return created.id;
  }
  const patch = {
    startDate: existing.startDate ?? details.startDate,
    endDate: existing.endDate ?? details.endDate,
    place: existing.place ?? details.place,
    chairLand: existing.chairLand ?? details.chairLand ?? null,
  };
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).some((key) => patch[key] !== existing[key]);
  if (changed) {
    tx.update(meetings)
      .set({ ...patch, version: existing.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(meetings.id, existing.id))
      .run();
    audit(tx, actor, { action: 'meeting.update', entityType: 'meeting', entityId: existing.id, before: existing, after: patch });
  }
  return existing.id;
}

/**
 * Reporting requests due "at the 13th meeting" get that meeting's id (and so its date) as soon
 * as the meeting exists — called after imports and whenever a meeting is created or renumbered.
 */
export function linkDueReports(tx: DbOrTx, conferenceId: number): void {
  tx.run(sql`update ${demands} set due_meeting_id = (
      select ${meetings.id} from ${meetings}
       where ${meetings.conferenceId} = ${conferenceId} and ${meetings.number} = ${demands.dueMeetingNumber})
    where ${demands.dueMeetingNumber} is not null
      and ${demands.resolutionId} in (
        select ${resolutions.id} from ${resolutions} join ${meetings} on ${meetings.id} = ${resolutions.meetingId}
         where ${meetings.conferenceId} = ${conferenceId})`);
}

/**
 * What a re-import compares: the stored content, without the demands' row ids and without the
 * source, which names the file and so differs between a text and its interchange JSON.
 */
function comparable(s: NonNullable<ReturnType<typeof snapshot>>): string {
  const { source: _source, ...rest } = s;
  return JSON.stringify({ ...rest, demands: s.demands.map(({ id: _id, ...d }) => d) });
}

function storeResolution(
  tx: DbOrTx,
  actor: Actor,
  r: ImportResolution,
  options: ImportOptions,
  notes: string[],
  chairLand: LandCode | null,
): ImportedItem {
  const conferenceId = ensureConference(tx, actor, r.conference);
  // the chair the text names fills in a meeting without one, never replaces a meeting's own (ensureMeeting)
  const meetingId = ensureMeeting(tx, actor, conferenceId, chairLand === null ? r.meeting : { ...r.meeting, chairLand });
  const label = resolutionLabel(r);
  const fields = {
    title: r.title,
    sortKey: agendaItemSortKey(r.agendaItem),
    outcome: r.decision.outcome,
    voting: r.decision.voting,
    votesYes: r.decision.yes ?? null,
    votesNo: r.decision.no ?? null,
    votesAbstain: r.decision.abstain ?? null,
    formula: r.decision.formula,
    references: r.references ?? [],
    reportingLand: r.reportingLand ?? null,
    source: options.source,
    synthetic: options.synthetic ?? false,
  };
  const release = options.release ? { release: options.release, releasedOn: options.releasedOn ?? null } : {};
  const existing = tx
    .select({ id: resolutions.id, version: resolutions.version })
    .from(resolutions)
    .where(and(eq(resolutions.meetingId, meetingId), eq(resolutions.agendaItem, r.agendaItem)))
    .get();
  const before = existing ? snapshot(tx, existing.id) : null;
  const plan = planDemands(tx, existing?.id ?? null, r);
  notes.push(...keptDemandNotes(plan, label));
  // a statement the secretariat marked internal stays internal when the same text is imported again
  const internal = new Set(before?.protocolStatements.filter((s) => s.internal).map((s) => s.text));
  const statements = r.protocolStatements.map((s) => ({ laender: s.laender, text: s.text, internal: internal.has(s.text) }));
  if (existing && before && demandsUnchanged(plan)) {
    const incoming = { ...before, ...fields, ...release, sponsors: r.sponsors, protocolStatements: statements };
    // unchanged writes nothing: the row keeps its source, time and version, and no trigger queues
    // the resolution for the search index or marks its meeting's statistics as changed
    if (comparable(incoming) === comparable(before)) return { id: existing.id, label, change: 'unchanged' };
  }
  if (existing) ensureBaseline(tx, existing.id);
  const now = new Date().toISOString();
  let resolutionId: number;
  if (existing) {
    resolutionId = existing.id;
    tx.update(resolutions)
      .set({ ...fields, ...release, updatedAt: now, version: existing.version + 1 })
      .where(eq(resolutions.id, resolutionId))
      .run();
  } else {
    resolutionId = tx
      .insert(resolutions)
      .values({
        ...fields,
        meetingId,
        agendaItem: r.agendaItem,
        release: options.release ?? 'draft',
        releasedOn: options.release === 'public' ? (options.releasedOn ?? todayIso()) : null,
      })
      .returning({ id: resolutions.id })
      .get().id;
  }

  tx.delete(resolutionSponsors).where(eq(resolutionSponsors.resolutionId, resolutionId)).run();
  if (r.sponsors.length > 0) {
    tx.insert(resolutionSponsors)
      .values(r.sponsors.map((land, position) => ({ resolutionId, land, position })))
      .run();
  }
  tx.delete(protocolStatements).where(eq(protocolStatements.resolutionId, resolutionId)).run();
  if (statements.length > 0) {
    tx.insert(protocolStatements)
      .values(statements.map((s, position) => ({ resolutionId, position, ...s })))
      .run();
  }
  storeDemands(tx, resolutionId, plan);
  // a Ziffer new to a resolution with follow-ups on the whole of it takes their status
  if (existing) refreshDemandStatuses(tx, resolutionId);

  const after = snapshot(tx, resolutionId);
  if (!existing) {
    audit(tx, actor, { action: 'resolution.import', entityType: 'resolution', entityId: resolutionId, after });
    recordVersion(tx, actor, resolutionId, 'import');
    return { id: resolutionId, label, change: 'created' };
  }
  audit(tx, actor, { action: 'resolution.reimport', entityType: 'resolution', entityId: resolutionId, before, after });
  recordVersion(tx, actor, resolutionId, 'reimport');
  return { id: resolutionId, label, change: 'updated' };
}

/**
 * Refuses a document with a resolution of a conference the viewer may not import into (also one
 * that does not exist yet: a secretariat creates its conferences in the workspace first).
 */
export function assertImportScope(tx: DbOrTx, viewer: Viewer, document: StorableDocument): void {
  const problems: UiText[] = [];
  for (const shortName of new Set(document.resolutions.map((r) => r.conference))) {
    const row = tx.select({ id: conferences.id }).from(conferences).where(eq(conferences.slug, conferenceSlug(shortName))).get();
    if (!row || !mayImportInto(viewer, row.id)) problems.push(uiText('importError.foreignConference', { conference: shortName }));
  }
  if (problems.length > 0) throw new RefusedError(problems);
}

/** Repeated demands: the Ziffern of every changed resolution are compared with the archive. */
function changedIds(items: readonly ImportedItem[]): number[] {
  return items.filter((item) => item.change !== 'unchanged').map((item) => item.id);
}

/** The id of the meeting of the conference with this key, if there is one. */
function meetingIdOf(tx: DbOrTx, conference: string, urlKey: string): number | null {
  return tx
    .select({ id: meetings.id })
    .from(meetings)
    .innerJoin(conferences, eq(conferences.id, meetings.conferenceId))
    .where(and(eq(conferences.slug, conferenceSlug(conference)), eq(meetings.urlKey, urlKey)))
    .get()?.id ?? null;
}

/**
 * The resolutions with each meeting, and then each TOP of a stored meeting, that the document names
 * by a number (or first day) it gave up resolved as `choice` says (ImportOptions.renumbered): stored
 * under its number today, with a note, or left as the text reads. Throws RenumberedError without a
 * choice. A TOP whose number today the document names as well is not the old number's: the document
 * has both, and the old number is another TOP.
 */
function withRenumbered(tx: DbOrTx, resolutions: readonly ImportResolution[], choice: ImportOptions['renumbered'], notes: string[]): ImportResolution[] {
  const refused: RenumberedNaming[] = [];
  const found = (naming: RenumberedNaming, used: string) => {
    if (choice === undefined) refused.push(naming);
    if (choice === 'use') notes.push(uiTextOf(uiText(used, { text: renumberedText(naming), now: naming.now })));
  };
  const meetingsNamed = new Map<string, RenumberedMeeting | null>();
  const inMeetings = resolutions.map((r) => {
    const key = JSON.stringify([conferenceSlug(r.conference), meetingUrlKey(r.meeting), meetingYear(r.meeting), r.meeting.startDate]);
    if (!meetingsNamed.has(key)) {
      const meeting = renumberedMeeting(tx, r.conference, r.meeting);
      meetingsNamed.set(key, meeting);
      if (meeting) found(renumberedNaming(r, meeting), 'importError.meetingRenumberedUsed');
    }
    const meeting = meetingsNamed.get(key);
    if (!meeting || choice !== 'use') return r;
    const { number, year, startDate, endDate } = meeting;
    // the meeting's key today; the text's other details fill in only what the meeting lacks (ensureMeeting)
    return { ...r, meeting: { ...r.meeting, number, year, startDate: startDate ?? r.meeting.startDate, endDate: endDate ?? r.meeting.endDate } };
  });
  const itemsOf = new Map<string, Map<string, RenumberedItem>>();
  const named = new Set(inMeetings.map((r) => JSON.stringify([conferenceSlug(r.conference), meetingUrlKey(r.meeting), r.agendaItem])));
  const result = inMeetings.map((r, index) => {
    const meetingKey = [conferenceSlug(r.conference), meetingUrlKey(r.meeting)];
    const key = JSON.stringify(meetingKey);
    if (!itemsOf.has(key)) {
      const id = meetingIdOf(tx, r.conference, meetingUrlKey(r.meeting));
      itemsOf.set(key, id === null ? new Map() : renumberedAgendaItems(tx, id));
    }
    const item = itemsOf.get(key)!.get(r.agendaItem);
    if (!item || named.has(JSON.stringify([...meetingKey, item.agendaItem]))) return r;
    // named as the text names it (its meeting too, even where that was renumbered as well)
    found(renumberedItemNaming(resolutions[index]!, item), 'importError.topRenumberedUsed');
    return choice === 'use' ? { ...r, agendaItem: item.agendaItem } : r;
  });
  if (refused.length > 0) throw new RenumberedError(refused);
  return result;
}

/** Stores a checked document inside the caller's transaction. */
export function storeDocument(tx: DbOrTx, actor: Actor, given: StorableDocument, options: ImportOptions): ImportResult {
  const document = withoutControlCharactersDeep(given);
  checkDocument(document);
  if (options.viewer) assertImportScope(tx, options.viewer, document);
  const notes: string[] = [];
  const chairLand = options.chairLand ?? null;
  const toStore = withRenumbered(tx, document.resolutions, options.renumbered, notes);
  const items = toStore.map((r) => storeResolution(tx, actor, r, options, notes, chairLand));
  if (!options.deferRepeats) refreshRepeats(tx, changedIds(items));
  for (const conference of new Set(document.resolutions.map((r) => r.conference))) {
    linkDueReports(tx, ensureConference(tx, actor, conference));
  }
  return { items, notes };
}

/** Resolutions stored per write transaction by importDocument. */
export const IMPORT_BATCH_SIZE = 100;

/**
 * Stores the document's resolutions. The whole document is checked first: when any resolution
 * is broken (or, for a viewer, of another conference), RefusedError names it and nothing is
 * stored. Then it is stored in write transactions of `batchSize` resolutions each, so that a
 * large collection does not hold the write lock for long and other writers (the web server while
 * the command line imports) get their turn between batches. Should a batch fail, the batches
 * before it stay stored; importing the document again updates the same resolutions.
 * `afterBatch` is called after each commit.
 */
export function importDocument(
  db: Db,
  actor: Actor,
  given: StorableDocument,
  options: ImportOptions,
  batching: { batchSize?: number; afterBatch?: (stored: number) => void } = {},
): ImportResult {
  // texts from files and forms: no control characters in the archive (domain/text-safety.ts)
  const document = withoutControlCharactersDeep(given);
  checkDocument(document);
  if (options.viewer) assertImportScope(db, options.viewer, document);
  const size = batching.batchSize ?? IMPORT_BATCH_SIZE;
  const chairLand = options.chairLand ?? null;
  const items: ImportedItem[] = [];
  const notes: string[] = [];
  let toStore: readonly ImportResolution[] = document.resolutions;
  for (let start = 0; start < document.resolutions.length; start += size) {
    const last = start + size >= document.resolutions.length;
    writeTransaction(db, (tx) => {
      if (start === 0 && options.confirmation !== undefined) {
        const confirmed = findConfirmation(tx, options.confirmation.id);
        if (confirmed) throw new AlreadyImportedError(confirmed);
      }
      // decided for the whole document before its first batch: a refusal stores nothing
      if (start === 0) toStore = withRenumbered(tx, toStore, options.renumbered, notes);
      const batch = toStore.slice(start, start + size);
      if (options.viewer) assertImportScope(tx, options.viewer, { ...document, resolutions: batch });
      const stored = batch.map((r) => storeResolution(tx, actor, r, options, notes, chairLand));
      items.push(...stored);
      if (!options.deferRepeats) refreshRepeats(tx, changedIds(stored));
      if (!last) return;
      for (const conference of new Set(document.resolutions.map((r) => r.conference))) linkDueReports(tx, ensureConference(tx, actor, conference));
      if (options.confirmation !== undefined) {
        const conferenceId = ensureConference(tx, actor, document.resolutions[0]!.conference);
        recordConfirmation(tx, actor, options.confirmation.id, conferenceId, { source: options.confirmation.file, items, notes });
      }
    });
    batching.afterBatch?.(items.length);
  }
  return { items, notes };
}
