/**
 * The generated leak test. fast-check builds an archive with every combination of release state
 * (draft, internal, public) × follow-up visibility (public, internal) × conference (two
 * conferences with released resolutions, one with none) × meeting (one with released and draft
 * resolutions, one with only internal ones, one with only drafts), and plants a unique marker
 * word ("mq" + eight letters) in every field of every conference, meeting, resolution and
 * follow-up; the first Ziffern of every two resolutions of different meetings form a pair of
 * repeated demands (confirmed, proposed or dismissed); the resolutions of one conference have their vote counts
 * marked internal (a field the public never sees, on any surface), and every resolution has a
 * protocol statement marked internal and, on its public follow-up, a public PDF and one marked
 * internal (its name and its text carry markers; its download answers the public 404), and a
 * Ziffer 9 marked internal with a public follow-up and a due report, confirmed as a repeat of the
 * first Ziffer of every later resolution of another meeting (the public sees "Ziffer 9 (nicht öffentlich)" and nothing of it:
 * no text, follow-up, link to its address or repeat line; its address answers the public 404). Then it requests EVERY GET route the app registers (collected from the route table
 * by the auth plugin, so a new route is covered without editing this test; a route whose path
 * parameters the test cannot fill fails it) with every value of its parameters from the archive,
 * with and without `stand=`, search terms and conference filters — as every role: the public, a
 * user who has not yet replaced a one-time password, two Länder officials, an administrator, a
 * secretariat of one conference and one of two others. No response may contain a marker of
 * something that role may not see (the oracle below, written independently of the app's own
 * rule); the public's 404s are all the same bytes. Then every state-changing route, as every
 * role, for every target the role may not change: the answer is 401/403/404 and no row changes
 * (temporary triggers on every table record any write). Released resolutions were drafts first
 * (their first version is the draft's): every address the sitemaps list answers the public 200.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, cookiesOf, TEST_ACTOR, watchWrites, withoutOwnAddress } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { attachDocument } from '../../src/services/follow-up-documents.js';
import { createUser } from '../../src/services/users.js';
import { createFeedToken } from '../../src/services/watches.js';
import type { ImportDocument, ImportResolution } from '../../src/domain/import-format.js';
import type { DemandStatus } from '../../src/domain/vocabulary.js';
import { addDays, todayIso } from '../../src/domain/dates.js';

/**
 * Runs of the property: each builds an archive and sends a few thousand requests (every route,
 * every filling, every role), the same in every run; what differs is drawn at random (markers,
 * numbers, dates, statuses, sponsors, which resolution carries which decoration), and every
 * decoration is in every archive. LEAK_RUNS=3 searches longer.
 */
const NUM_RUNS = Number(process.env.LEAK_RUNS ?? 1);
const COMMON = 'Leckprobe';
const PASSWORD = 'ein langes sicheres Passwort';
const MARKER = /mq[a-z]{8}/g;

type ConferenceKey = 'A' | 'B' | 'C';
type Release = 'draft' | 'internal' | 'public';
type MeetingKind = 'mixed' | 'internal' | 'drafts';

/** Which resolutions each meeting holds; conference C never releases anything. */
const LAYOUT: Record<ConferenceKey, Record<MeetingKind, Release[]>> = {
  A: { mixed: ['public', 'draft'], internal: ['internal'], drafts: ['draft'] },
  B: { mixed: ['public', 'draft'], internal: ['internal'], drafts: ['draft'] },
  C: { mixed: [], internal: ['internal'], drafts: ['draft'] },
};

// ---------------------------------------------------------------------------------------------
// Roles and the oracle
// ---------------------------------------------------------------------------------------------

interface Role {
  name: string;
  /** The account's role; null for the public. */
  account: 'land' | 'secretariat' | 'admin' | null;
  /** Logged in with full rights (a user with a pending one-time password sees what the public sees). */
  loggedIn: boolean;
  scope: readonly ConferenceKey[];
  land?: string;
}

const ROLES: readonly Role[] = [
  { name: 'land BY', account: 'land', loggedIn: true, scope: [], land: 'BY' },
  { name: 'land HE', account: 'land', loggedIn: true, scope: [], land: 'HE' },
  { name: 'admin', account: 'admin', loggedIn: true, scope: [] },
  { name: 'secretariat A', account: 'secretariat', loggedIn: true, scope: ['A'] },
  { name: 'secretariat B+C', account: 'secretariat', loggedIn: true, scope: ['B', 'C'] },
  { name: 'one-time password (secretariat A)', account: 'secretariat', loggedIn: false, scope: [] },
  // the public last: a page rendered for a logged-in role before must not reach it from the cache
  { name: 'public', account: null, loggedIn: false, scope: [] },
];

interface ResolutionItem {
  id: number;
  conference: ConferenceKey;
  meeting: MeetingKind;
  release: Release;
  agendaItem: string;
  /** Vote counts marked internal (13:2:1, conference A) or public (11:3:2). */
  tallyInternal: boolean;
}

/** The vote counts a resolution with an internal tally has, as any surface would write them. */
const INTERNAL_TALLY = /13 Ja, 2 Nein, 1 Enthaltung|"yes":\s*13\b|13 Ja-Stimmen/;
const PUBLIC_TALLY = '11 Ja, 3 Nein, 2 Enthaltungen';
/** The number of the Ziffer marked internal in every planted resolution. */
const INTERNAL_DEMAND = '9';
const WITHHELD_DEMAND = `Ziffer ${INTERNAL_DEMAND} (nicht öffentlich)`;
interface FollowUpItem {
  id: number;
  resolution: ResolutionItem;
  visibility: 'public' | 'internal';
  /** The role whose user wrote it (Länder officials change only their own). */
  author: string | null;
}

/** What a marker was planted in. */
type Planted =
  | { kind: 'conference'; conference: ConferenceKey }
  | { kind: 'meeting'; conference: ConferenceKey; meeting: MeetingKind }
  | { kind: 'resolution'; resolution: ResolutionItem }
  | { kind: 'followUp'; followUp: FollowUpItem }
  /** A protocol statement marked internal. */
  | { kind: 'statement'; resolution: ResolutionItem }
  /** A document marked internal, stored with a follow-up. */
  | { kind: 'document'; followUp: FollowUpItem }
  /** A Ziffer marked internal (Ziffer 9), or a public follow-up on it. */
  | { kind: 'demand'; resolution: ResolutionItem };

interface Archive {
  slugs: Record<ConferenceKey, string>;
  conferenceIds: Record<ConferenceKey, number>;
  meetings: { conference: ConferenceKey; meeting: MeetingKind; key: string; id: number }[];
  resolutions: ResolutionItem[];
  followUps: FollowUpItem[];
  markers: Map<string, Planted>;
  userIds: Map<string, number>;
  passwords: Map<string, string>;
  feedTokens: { token: string; role: Role }[];
}

function seesResolution(role: Role, r: Pick<ResolutionItem, 'release' | 'conference'>): boolean {
  if (r.release === 'public') return true;
  if (r.release === 'internal') return role.loggedIn;
  return role.loggedIn && role.account === 'secretariat' && role.scope.includes(r.conference);
}

function worksFor(role: Role, conference: ConferenceKey): boolean {
  return role.loggedIn && role.account === 'secretariat' && role.scope.includes(conference);
}

function meetingExists(role: Role, conference: ConferenceKey, meeting: MeetingKind): boolean {
  return LAYOUT[conference][meeting].some((release) => seesResolution(role, { release, conference })) || worksFor(role, conference);
}

function conferenceExists(role: Role, conference: ConferenceKey): boolean {
  return (Object.keys(LAYOUT[conference]) as MeetingKind[]).some((m) => meetingExists(role, conference, m));
}

/** Whether the role may see what the marker was planted in. */
function maySee(role: Role, planted: Planted): boolean {
  switch (planted.kind) {
    case 'conference':
      return conferenceExists(role, planted.conference);
    case 'meeting':
      return meetingExists(role, planted.conference, planted.meeting);
    case 'resolution':
      return seesResolution(role, planted.resolution);
    case 'followUp':
      return seesResolution(role, planted.followUp.resolution) && (planted.followUp.visibility === 'public' || role.loggedIn);
    case 'statement':
      return seesResolution(role, planted.resolution) && role.loggedIn;
    case 'document':
      return maySee(role, { kind: 'followUp', followUp: planted.followUp }) && role.loggedIn;
    case 'demand':
      return seesResolution(role, planted.resolution) && role.loggedIn;
  }
}

/**
 * What a role sees beyond the archive's rule, by design: administrators read the whole audit log
 * and the outbox, and assign every conference to secretariats.
 */
function seesByDesign(role: Role, url: string, planted: Planted): boolean {
  if (role.account !== 'admin' || !role.loggedIn) return false;
  if (url.startsWith('/verwaltung/protokoll') || url.startsWith('/verwaltung/postausgang')) return true;
  return url.startsWith('/verwaltung/benutzer') && planted.kind === 'conference';
}

// ---------------------------------------------------------------------------------------------
// The generated archive
// ---------------------------------------------------------------------------------------------

const STATUSES: readonly DemandStatus[] = ['open', 'in_progress', 'partial', 'implemented', 'rejected', 'obsolete'];

/** Text around the markers: what real texts contain and escaping must survive. */
const DECORATIONS = ['', '<b>fett</b>', 'Müller & Söhne', '=SUMME(A1)', '"Zitat"', 'ß ä ö ü', '+49 30', '@bund', 'Absatz\nzwei'];

const resolutionSpec = fc.record({
  top: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 })),
  demands: fc.integer({ min: 1, max: 3 }),
  sponsors: fc.subarray(['BY', 'HE', 'NW', 'BE'], { minLength: 1 }),
  statuses: fc.tuple(fc.constantFrom(...STATUSES), fc.constantFrom(...STATUSES), fc.constantFrom(...STATUSES)),
  dueInDays: fc.integer({ min: -400, max: 80 }),
  landVisibility: fc.constantFrom('public', 'internal'),
});

const archiveSpec = fc.record({
  markers: fc.uniqueArray(fc.stringMatching(/^[a-z]{8}$/), { minLength: 400, maxLength: 400 }),
  meetingNumbers: fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { minLength: 9, maxLength: 9 }),
  years: fc.array(fc.integer({ min: 2016, max: 2023 }), { minLength: 9, maxLength: 9 }),
  resolutions: fc.array(resolutionSpec, { minLength: 10, maxLength: 10 }),
  // every decoration on at least one of the ten resolutions, in a random order
  decorations: fc.shuffledSubarray(DECORATIONS, { minLength: DECORATIONS.length }),
}).map(({ resolutions, decorations, ...rest }) => ({
  ...rest,
  resolutions: resolutions.map((r, i) => ({ ...r, decoration: decorations[i % decorations.length]! })),
}));
type ArchiveSpec = typeof archiveSpec extends fc.Arbitrary<infer T> ? T : never;

function isoDaysFromToday(days: number): string {
  return addDays(todayIso(), days);
}

/** A one-page PDF with this line of text. */
async function pdfWith(line: string): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage([595, 842]).drawText(line, { x: 50, y: 780, size: 11, font });
  return document.save();
}

async function buildArchive(connection: Connection, dataDir: string, spec: ArchiveSpec): Promise<Archive> {
  let next = 0;
  const markers = new Map<string, Planted>();
  const plant = (planted: Planted) => {
    const marker = `mq${spec.markers[next++]!}`;
    markers.set(marker, planted);
    return marker;
  };
  const archive: Archive = {
    slugs: { A: '', B: '', C: '' },
    conferenceIds: { A: 0, B: 0, C: 0 },
    meetings: [],
    resolutions: [],
    followUps: [],
    markers,
    userIds: new Map(),
    passwords: new Map(),
    feedTokens: [],
  };
  const resolutionSpecs = [...spec.resolutions];
  /** Recorded once the Bavarian official's account exists. */
  const landAssessments: { followUp: FollowUpItem; input: Parameters<typeof recordFollowUp>[2] }[] = [];
  let meetingIndex = 0;
  for (const conference of ['A', 'B', 'C'] as const) {
    const shortName = `${plant({ kind: 'conference', conference })}MK`;
    const conferenceName = `Konferenz ${plant({ kind: 'conference', conference })} ${COMMON}`;
    archive.slugs[conference] = shortName.toLowerCase();
    for (const meeting of ['mixed', 'internal', 'drafts'] as const) {
      const number = spec.meetingNumbers[meetingIndex]!;
      const year = spec.years[meetingIndex]!;
      meetingIndex++;
      const place = `Ort ${plant({ kind: 'meeting', conference, meeting })}`;
      const used = new Set<string>();
      for (const release of LAYOUT[conference][meeting]) {
        const r = resolutionSpecs.shift()!;
        let agendaItem = `${r.top[0]}.${r.top[1]}`;
        while (used.has(agendaItem)) agendaItem = `${agendaItem.split('.')[0]}.${Number(agendaItem.split('.')[1]) + 1}`;
        used.add(agendaItem);
        // conference A's resolutions have internal vote counts (also its public one), B's and C's public ones
        const tallyInternal = conference === 'A';
        const item: ResolutionItem = { id: 0, conference, meeting, release, agendaItem, tallyInternal };
        const mark = () => plant({ kind: 'resolution', resolution: item });
        const resolution: ImportResolution = {
          conference: shortName,
          meeting: { number, year, startDate: `${year}-03-10`, endDate: `${year}-03-11`, place },
          agendaItem,
          title: `${COMMON} ${mark()} ${r.decoration}`,
          sponsors: r.sponsors,
          decision: { outcome: 'adopted', voting: 'counted', ...(tallyInternal ? { yes: 13, no: 2, abstain: 1 } : { yes: 11, no: 3, abstain: 2 }), formula: `Die Konferenz ${mark()} beschließt:` },
          demands: [
            ...Array.from({ length: r.demands }, (_, i) => ({
              number: String(i + 1),
              text: `${COMMON} ${mark()} ${r.decoration} Der Bund wird gebeten.`,
              addressees: ['bund'],
              dueDate: i === 0 ? isoDaysFromToday(r.dueInDays) : null,
            })),
            // marked internal below: only logged-in viewers may know more of it than its number
            { number: INTERNAL_DEMAND, text: `Intern ${COMMON} ${plant({ kind: 'demand', resolution: item })} Der Bund wird gebeten.`, addressees: ['eu'], dueDate: isoDaysFromToday(r.dueInDays) },
          ],
          protocolStatements: [
            { laender: ['BY'], text: `Protokoll ${mark()}` },
            // marked internal below: only logged-in viewers may read it
            { laender: ['HE'], text: `Intern ${COMMON} ${plant({ kind: 'statement', resolution: item })}` },
          ],
          references: [`Bezug ${mark()}`],
        } as ImportResolution;
        const document = { resolutions: [resolution], warnings: [] } as unknown as ImportDocument;
        // the conference's name comes with its first resolution
        const result = importDocument(connection.db, TEST_ACTOR, document, {
          source: `Quelle ${mark()}`,
          release,
          releasedOn: release === 'public' ? `${year}-04-01` : null,
        });
        item.id = result.items[0]!.id;
        // a released resolution was a draft first: its first version is the draft's, which the
        // public never sees (not on its page, in a comparison or in the sitemap of versions)
        if (release === 'public') {
          connection.sqlite.prepare("update resolution_versions set release = 'draft', released_on = null where resolution_id = ? and number = 1").run(item.id);
          connection.sqlite
            .prepare(
              `insert into resolution_versions (resolution_id, number, at, user_id, actor, action, release, released_on, content)
               select resolution_id, 2, at, user_id, actor, 'release', 'public', ?, content from resolution_versions where resolution_id = ? and number = 1`,
            )
            .run(`${year}-04-01`, item.id);
        }
        if (tallyInternal) connection.sqlite.prepare('update resolutions set tally_internal = 1 where id = ?').run(item.id);
        connection.sqlite.prepare("update protocol_statements set internal = 1 where resolution_id = ? and text like 'Intern %'").run(item.id);
        connection.sqlite.prepare('update demands set internal = 1 where resolution_id = ? and number = ?').run(item.id, INTERNAL_DEMAND);
        // a public follow-up on the internal Ziffer: hidden from the public with it
        recordFollowUp(connection.db, TEST_ACTOR, {
          resolutionId: item.id,
          demandId: connection.sqlite.prepare('select id from demands where resolution_id = ? and number = ?').pluck().get(item.id, INTERNAL_DEMAND) as number,
          date: `${year}-05-01`,
          actor: 'BMI',
          kind: 'response',
          summary: `${COMMON} ${plant({ kind: 'demand', resolution: item })} ${r.decoration}`,
          link: null,
          resultingStatus: r.statuses[0],
          visibility: 'public',
        });
        archive.resolutions.push(item);
        const demandId = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '1'").pluck().get(item.id) as number;
        for (const [visibility, status] of [['public', r.statuses[0]], ['internal', r.statuses[1]]] as const) {
          const followUp: FollowUpItem = { id: 0, resolution: item, visibility, author: null };
          followUp.id = recordFollowUp(connection.db, TEST_ACTOR, {
            resolutionId: item.id,
            demandId,
            date: `${year}-06-01`,
            actor: 'BMI',
            kind: 'response',
            summary: `${COMMON} ${plant({ kind: 'followUp', followUp })} ${r.decoration}`,
            link: `https://example.org/${plant({ kind: 'followUp', followUp })}`,
            resultingStatus: status,
            visibility,
          });
          archive.followUps.push(followUp);
          // its documents: one as visible as the follow-up, one marked internal (name and text carry the markers)
          for (const internal of [false, true]) {
            const marker = plant(internal ? { kind: 'document', followUp } : { kind: 'followUp', followUp });
            await attachDocument(connection.db, dataDir, TEST_ACTOR, followUp.id, { name: `Antwort ${marker}.pdf`, bytes: await pdfWith(`${COMMON} ${marker}`), internal }, 1024 * 1024);
          }
        }
        // an assessment by the Bavarian official, where that official can see the resolution
        if (release !== 'draft') {
          const followUp: FollowUpItem = { id: 0, resolution: item, visibility: r.landVisibility, author: 'land BY' };
          archive.followUps.push(followUp);
          landAssessments.push({
            followUp,
            input: {
              resolutionId: item.id,
              demandId: null,
              date: `${year}-07-01`,
              actor: 'BY',
              kind: 'assessment',
              summary: `${COMMON} ${plant({ kind: 'followUp', followUp })}`,
              link: null,
              resultingStatus: r.statuses[2],
              visibility: r.landVisibility,
            },
          });
        }
      }
      const id = connection.sqlite
        .prepare('select m.id from meetings m join conferences c on c.id = m.conference_id where c.slug = ? and m.url_key = ?')
        .pluck()
        .get(archive.slugs[conference], String(number)) as number | undefined;
      if (id === undefined) {
        // a meeting without resolutions (conference C has no mixed meeting): not created
        continue;
      }
      archive.meetings.push({ conference, meeting, key: String(number), id });
    }
    const id = connection.sqlite.prepare('select id from conferences where slug = ?').pluck().get(archive.slugs[conference]) as number;
    archive.conferenceIds[conference] = id;
    connection.sqlite.prepare('update conferences set name = ?, description = ? where id = ?').run(conferenceName, `Beschreibung ${plant({ kind: 'conference', conference })}`, id);
  }

  // the accounts
  for (const role of ROLES) {
    if (role.account === null) continue;
    const email = `${role.name.replace(/[^a-z]+/gi, '-').toLowerCase()}@leak.example`;
    const scope = role.account === 'secretariat' ? (role.loggedIn ? role.scope : ['A' as const]) : [];
    // the user with a pending one-time password gets one, as a new account does
    const { user, password } = await createUser(connection.db, TEST_ACTOR, {
      email,
      name: role.name,
      role: role.account,
      land: role.land ?? null,
      conferenceIds: scope.map((c) => archive.conferenceIds[c]),
      ...(role.loggedIn ? { password: PASSWORD } : {}),
    });
    archive.userIds.set(role.name, user.id);
    archive.passwords.set(role.name, password);
  }
  for (const { followUp, input } of landAssessments) {
    followUp.id = recordFollowUp(connection.db, { userId: archive.userIds.get('land BY')!, name: 'land' }, input);
  }
  // repeated Ziffern: the first Ziffern of every two resolutions of different meetings form a pair,
  // confirmed, proposed or dismissed in turn (the review queue, the resolution pages' links)
  const firstDemand = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '1'").pluck();
  const insertPair = connection.sqlite.prepare("insert into demand_repeats (first_demand_id, second_demand_id, similarity, state, found_at) values (?, ?, 0.9, ?, '2024-01-01T00:00:00Z')");
  const states = ['confirmed', 'proposed', 'dismissed'] as const;
  let pairs = 0;
  for (const [i, a] of archive.resolutions.entries()) {
    for (const b of archive.resolutions.slice(i + 1)) {
      if (a.conference === b.conference && a.meeting === b.meeting) continue;
      insertPair.run(firstDemand.get(a.id), firstDemand.get(b.id), states[pairs++ % states.length]);
    }
  }
  // each internal Ziffer repeats the first Ziffer of every later resolution of another meeting
  // (confirmed): no public repeat line may name it
  const internalDemand = connection.sqlite.prepare('select id from demands where resolution_id = ? and number = ?').pluck();
  for (const [i, a] of archive.resolutions.entries()) {
    for (const b of archive.resolutions.slice(i + 1)) {
      if (a.conference === b.conference && a.meeting === b.meeting) continue;
      insertPair.run(internalDemand.get(a.id, INTERNAL_DEMAND), firstDemand.get(b.id), 'confirmed');
    }
  }
  // every account watches every resolution (also those it cannot see) and has a feed
  const watch = connection.sqlite.prepare('insert into watches (user_id, resolution_id, created_at, seen_follow_up_id) values (?, ?, ?, 0)');
  for (const role of ROLES) {
    const userId = archive.userIds.get(role.name);
    if (userId === undefined) continue;
    for (const r of archive.resolutions) watch.run(userId, r.id, '2000-01-01T00:00:00Z');
    archive.feedTokens.push({ token: createFeedToken(connection.db, TEST_ACTOR, userId), role });
  }
  return archive;
}

// ---------------------------------------------------------------------------------------------
// Filling the routes' parameters from the archive
// ---------------------------------------------------------------------------------------------

/** A concrete request: its URL, and the viewer whose view it shows when that is not the requester. */
interface Target {
  url: string;
  /** A personal feed shows its owner's view, whoever asks. */
  viewerOverride?: Role;
  /** What the request acts on, for the state-changing routes' oracle. */
  resolution?: ResolutionItem;
  followUp?: FollowUpItem;
  conference?: ConferenceKey;
  /** The two resolutions of a pair of repeated Ziffern. */
  pair?: readonly [ResolutionItem, ResolutionItem];
  /** A document marked internal (its download is a 404 to whoever may not see it). */
  internalDocument?: boolean;
}

/** `:id` of a route, by the route's address: what kind of row it names (null: unknown). */
function idTargets(url: string, archive: Archive, connection: Connection): { id: number; target: Omit<Target, 'url'> }[] | null {
  const meetingsOf = () =>
    archive.meetings.map((m) => ({ id: m.id, target: { conference: m.conference } }));
  if (/^\/(verwaltung\/)?beschluesse\/:id/.test(url)) return archive.resolutions.map((r) => ({ id: r.id, target: { resolution: r, conference: r.conference } }));
  if (/^\/folgemassnahmen\/:id/.test(url)) return archive.followUps.map((f) => ({ id: f.id, target: { followUp: f, resolution: f.resolution, conference: f.resolution.conference } }));
  if (/^\/verwaltung\/konferenzen\/:id/.test(url)) return (['A', 'B', 'C'] as const).map((c) => ({ id: archive.conferenceIds[c], target: { conference: c } }));
  if (/^\/verwaltung\/sitzungen\/:id/.test(url)) return meetingsOf();
  if (/^\/verwaltung\/benutzer\/:id/.test(url)) return [...archive.userIds.values()].map((id) => ({ id, target: {} }));
  if (/^\/verwaltung\/wiederholungen\/:id/.test(url)) {
    const rows = connection.sqlite
      .prepare('select p.id, a.resolution_id as a, b.resolution_id as b from demand_repeats p join demands a on a.id = p.first_demand_id join demands b on b.id = p.second_demand_id')
      .all() as { id: number; a: number; b: number }[];
    const item = (id: number) => archive.resolutions.find((r) => r.id === id)!;
    return rows.map((row) => ({ id: row.id, target: { pair: [item(row.a), item(row.b)] as const } }));
  }
  if (/^\/verwaltung\/postausgang\/:id/.test(url)) {
    const ids = connection.sqlite.prepare('select id from mail_outbox').pluck().all() as number[];
    return (ids.length > 0 ? ids : [1]).map((id) => ({ id, target: {} }));
  }
  return null;
}

/** Every concrete URL of a route pattern; throws when a parameter cannot be filled. */
function fill(pattern: string, archive: Archive, connection: Connection, paramValues: Record<string, string[]> = {}): Target[] {
  const params = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  if (params.length === 0) return [{ url: pattern }];
  const set = new Set(params);
  const replace = (values: Record<string, string>) => pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name]!));
  if (set.has('conference')) {
    // the values of the other parameters: a Ziffer (every planted resolution has a first one), the
    // first two versions of a resolution (…/fassungen/:version), and
    // every value of a parameter whose schema lists them (an OParl list, a file's form)
    const variants: Record<string, readonly string[]> = { number: ['1', INTERNAL_DEMAND], version: ['1', '2'], ...paramValues };
    const known = ['conference', 'meeting', 'agendaItem', ...Object.keys(variants)];
    const unknown = params.filter((p) => !known.includes(p));
    if (unknown.length > 0) throw new Error(`${pattern}: cannot fill :${unknown.join(', :')}`);
    const extra = params.filter((p) => p in variants);
    /** Each target once per combination of the extra parameters' values. */
    const expand = (targets: Target[], values: Record<string, string>[]): Target[] => targets.flatMap((t) => values.map((v) => ({ ...t, url: t.url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(v[name]!)) })));
    const combinations = extra.reduce<Record<string, string>[]>((all, name) => all.flatMap((c) => variants[name]!.map((value) => ({ ...c, [name]: value }))), [{}]);
    const keep = (values: Record<string, string>) => pattern.replace(/:(\w+)/g, (whole, name: string) => (name in values ? encodeURIComponent(values[name]!) : whole));
    if (set.has('agendaItem')) {
      return expand(
        [
          ...archive.resolutions.map((r) => ({
            url: keep({ conference: archive.slugs[r.conference], meeting: archive.meetings.find((m) => m.conference === r.conference && m.meeting === r.meeting)!.key, agendaItem: r.agendaItem }),
            resolution: r,
            conference: r.conference,
          })),
          { url: keep({ conference: archive.slugs.A, meeting: '999', agendaItem: '1.1' }) },
        ],
        combinations,
      );
    }
    if (set.has('meeting')) {
      return expand(
        [
          ...archive.meetings.map((m) => ({ url: keep({ conference: archive.slugs[m.conference], meeting: m.key }), conference: m.conference })),
          { url: keep({ conference: 'unbekanntmk', meeting: '1' }) },
        ],
        combinations,
      );
    }
    return expand(
      [...(['A', 'B', 'C'] as const).map((c) => ({ url: keep({ conference: archive.slugs[c] }), conference: c })), { url: keep({ conference: 'unbekanntmk' }) }],
      combinations,
    );
  }
  if (params.length === 1 && params[0] === 'id') {
    const targets = idTargets(pattern, archive, connection);
    if (!targets) throw new Error(`${pattern}: cannot fill :id — add its kind of row to idTargets in this test`);
    return targets.map(({ id, target }) => ({ url: replace({ id: String(id) }), ...target }));
  }
  if (params.length === 1 && params[0] === 'slug' && pattern.startsWith('/verwaltung/seiten/')) {
    return (connection.sqlite.prepare('select slug from pages').pluck().all() as string[]).map((slug) => ({ url: replace({ slug }) }));
  }
  if (params.length === 1 && params[0] === 'token' && (pattern.startsWith('/passwort-setzen/') || pattern.startsWith('/abbestellen/'))) {
    // one-time and unsubscribe links of nobody: the page says the link is not valid, with no data
    return [{ url: replace({ token: 'A'.repeat(43) }) }];
  }
  if (pattern === '/dokumente/:id/:name') {
    // the documents stored with the planted follow-ups (visible as the follow-up, or marked internal), and one that does not exist
    const rows = connection.sqlite.prepare('select id, follow_up_id as followUpId, file_name as name, internal from follow_up_documents').all() as { id: number; followUpId: number; name: string; internal: number }[];
    const known = rows.flatMap((row) => {
      const followUp = archive.followUps.find((f) => f.id === row.followUpId);
      if (!followUp) return [];
      const url = pattern.replace(':id', String(row.id)).replace(':name', encodeURIComponent(row.name));
      return [{ url, followUp, resolution: followUp.resolution, conference: followUp.resolution.conference, internalDocument: row.internal === 1 }];
    });
    return [...known, { url: pattern.replace(':id', '999999').replace(':name', 'fehlt.pdf') }];
  }
  if (params.length === 1 && params[0] === 'token' && pattern.startsWith('/merkliste/feed/')) {
    return archive.feedTokens.map(({ token, role }) => ({ url: replace({ token }), viewerOverride: role }));
  }
  throw new Error(`${pattern}: cannot fill :${params.join(', :')} — teach fill() in this test where its values come from`);
}

/** The query variants of a route, from the names its query schema declares. */
function queryVariants(names: readonly string[], archive: Archive): string[] {
  const base: Record<string, string> = names.includes('q') ? { q: COMMON } : {};
  const variants: Record<string, string>[] = [base];
  if (names.includes('stand')) variants.push({ ...base, stand: '2021-01-01' });
  if (names.includes('konferenz')) for (const c of ['A', 'B', 'C'] as const) variants.push({ ...base, konferenz: archive.slugs[c] });
  if (names.includes('land')) variants.push({ ...base, land: 'BY' });
  return variants.map((v) => (Object.keys(v).length === 0 ? '' : `?${new URLSearchParams(v).toString()}`));
}

// ---------------------------------------------------------------------------------------------
// The state-changing routes' oracle
// ---------------------------------------------------------------------------------------------

function declaredAllows(access: string | readonly string[], role: Role, url: string): boolean {
  if (access === 'public') return true;
  if (role.account === null) return false;
  if (!role.loggedIn) return url === '/abmelden' || url === '/konto/passwort';
  if (access === 'authenticated') return true;
  return (access as readonly string[]).includes(role.account);
}

/** Whether the role may do what the request asks (only requests it may not do are sent). */
function mayChange(route: { url: string; access: string | readonly string[] }, role: Role, target: Target, archive: Archive): boolean {
  if (!declaredAllows(route.access, role, route.url)) return false;
  const url = route.url;
  if (/^\/verwaltung\/(beschluesse|sitzungen|konferenzen)\/:id/.test(url)) return worksFor(role, target.conference!);
  if (url === '/beschluesse/:id/folgemassnahme') {
    return role.account === 'land' ? seesResolution(role, target.resolution!) : worksFor(role, target.conference!);
  }
  if (url === '/folgemassnahmen/:id' || url.startsWith('/folgemassnahmen/:id/')) {
    // a document that does not exist is nobody's to change
    const followUp = target.followUp;
    if (!followUp) return false;
    if (!seesResolution(role, followUp.resolution)) return false;
    return role.account === 'land' ? followUp.author === role.name && archive.userIds.has(role.name) : worksFor(role, target.conference!);
  }
  if (url === '/beobachten') return seesResolution(role, target.resolution!);
  if (url === '/verwaltung/wiederholungen/:id') {
    const pair = target.pair!;
    return pair.every((r) => seesResolution(role, r)) && pair.some((r) => worksFor(role, r.conference));
  }
  if (url === '/verwaltung/import/speichern') return worksFor(role, target.conference!);
  return true;
}

/** Targets named in the body rather than the path. */
function bodyTargets(url: string, archive: Archive): { target: Omit<Target, 'url'>; body: Record<string, string> }[] {
  if (url === '/beobachten') return archive.resolutions.map((r) => ({ target: { resolution: r, conference: r.conference }, body: { resolution: String(r.id), action: 'watch' } }));
  if (url === '/verwaltung/import/speichern') {
    return (['A', 'B', 'C'] as const).map((c) => {
      const document = {
        resolutions: [{ conference: archive.slugs[c].replace(/mk$/, 'MK'), meeting: { number: 777, year: 2024, startDate: '2024-01-01', endDate: null, place: null }, agendaItem: '1.1', title: 'Fremdimport', sponsors: [], decision: { outcome: 'adopted', voting: 'unanimous', formula: '' }, demands: [{ number: '1', text: 'Text', addressees: [] }], protocolStatements: [] }],
        warnings: [],
      };
      return { target: { conference: c }, body: { source: 'leak', document: JSON.stringify(document), r_0_include: '1' } };
    });
  }
  return [{ target: {}, body: {} }];
}

const GENERIC_BODY = { version: '1', title: 'Übernahme', agendaItem: '9.9', summary: 'Übernahme', kind: 'note', date: '01.01.2022', demand: 'alle', visibility: 'public', release: 'public', releasedOn: '01.01.2022', shortName: 'UebernahmeMK', name: 'Übernahme', number: '99', year: '2022', benutzer: '1', aktiv: 'nein', current: PASSWORD, next: 'ein neues langes Passwort', repeat: 'ein neues langes Passwort' };

// ---------------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------------

let app: FastifyInstance | undefined;
/** The run's DATA_DIR: the documents' files. */
let dataDir: string | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

interface Session {
  cookies: Record<string, string>;
  token: string;
}

async function sessionOf(target: FastifyInstance, role: Role, archive: Archive): Promise<Session> {
  const form = await target.inject('/anmelden');
  let cookies = cookiesOf(form);
  if (role.account === null) return { cookies, token: /name="_csrf" value="([^"]+)"/.exec(form.body)![1]! };
  const email = `${role.name.replace(/[^a-z]+/gi, '-').toLowerCase()}@leak.example`;
  const login = await target.inject({ method: 'POST', url: '/anmelden', cookies, payload: { email, password: archive.passwords.get(role.name)!, _csrf: /name="_csrf" value="([^"]+)"/.exec(form.body)![1]! } });
  if (login.statusCode !== 303) throw new Error(`login as ${role.name}: ${login.statusCode}`);
  cookies = { ...cookies, ...cookiesOf(login) };
  const page = await target.inject({ url: '/konto/passwort', cookies });
  return { cookies, token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
}

function bodyOf(response: LightMyRequestResponse): string {
  return response.body;
}


describe('the generated leak test', () => {
  it('no role sees a marker it may not see on any GET route, and no role changes what it may not', async () => {
    const notFound = { html: '', json: '', oparl: '' };
    await fc.assert(
      fc.asyncProperty(archiveSpec, async (spec) => {
        // the test's thousands of requests come from one address: exempt from the request limits.
        // PDF printing off: a print is the HTML page of the same viewer (requested here on its own
        // route), the markers cannot be read from a PDF's compressed text, and every print starts
        // Chromium (nine tenths of the test's time); the PDF routes answer 404 for every target,
        // as where Chromium is missing, and their 404 must equal an unknown address's.
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
        dataDir = mkdtempSync(path.join(tmpdir(), 'bm-leak-'));
        const built = await buildTestApp({ rateLimitAllow: ['127.0.0.1'], pdfPrinting: false, dataDir });
        app = built.app;
        const { connection } = built;
        const archive = await buildArchive(connection, dataDir, spec);
        const sessions = new Map<string, Session>();
        for (const role of ROLES) sessions.set(role.name, await sessionOf(app, role, archive));
        notFound.html = bodyOf(await app.inject('/gibt/es/nicht/wirklich'));
        notFound.json = bodyOf(await app.inject('/api/v1/gibt-es-nicht'));
        // OParl answers its own JSON 404 (the standard's error object) for anything it does not know
        notFound.oparl = bodyOf(await app.inject('/oparl/v1/body/unbekanntmk'));
        const failures: string[] = [];
        const routes = app.routeAccess;
        /** The route's targets in this archive: none, and a failure, where its parameters cannot be filled. */
        const targetsOf = (route: (typeof routes)[number]): Target[] => {
          try {
            return fill(route.url, archive, connection, route.paramValues);
          } catch (error) {
            failures.push((error as Error).message);
            return [];
          }
        };

        // GET: every route, every filling, every query variant, every role
        let requests = 0;
        /** Responses to the public showing a public tally: the check above can see a tally at all. */
        let publicTallies = 0;
        /** Responses to the public saying a document was withheld: the documents were planted and are listed. */
        let withheldDocuments = 0;
        /** Responses to the public saying a Ziffer was withheld: the internal Ziffern were planted and are listed. */
        let withheldDemands = 0;
        /** The addresses of the internal Ziffern (citable, and as anchors on their pages). */
        const internalDemandLinks = archive.resolutions.flatMap((r) => {
          const page = `/${archive.slugs[r.conference]}/${archive.meetings.find((m) => m.conference === r.conference && m.meeting === r.meeting)!.key}/top/${r.agendaItem}`;
          return [`${page}/ziffer/${INTERNAL_DEMAND}`, `${page}#ziffer-${INTERNAL_DEMAND}`];
        });
        for (const route of routes.filter((r) => r.method === 'GET')) {
          const targets = targetsOf(route);
          for (const target of targets) {
            for (const query of queryVariants(route.query, archive)) {
              const url = target.url + query;
              for (const role of ROLES) {
                if (target.viewerOverride && role.account !== null) continue;
                const response = await app.inject({ url, cookies: sessions.get(role.name)!.cookies });
                requests++;
                if (response.statusCode >= 500) failures.push(`${role.name} GET ${url}: ${response.statusCode}`);
                const viewer = target.viewerOverride ?? role;
                const body = bodyOf(response);
                for (const marker of new Set(body.match(MARKER) ?? [])) {
                  const planted = archive.markers.get(marker);
                  if (!planted || url.includes(marker)) continue;
                  if (!maySee(viewer, planted) && !seesByDesign(viewer, url, planted)) {
                    failures.push(`${role.name} GET ${url} (${response.statusCode}) shows ${marker} of a ${planted.kind} it may not see`);
                  }
                }
                // a document marked internal: its file is not served to the public, whose 404 is checked below
                if (target.internalDocument && !viewer.loggedIn && response.statusCode !== 404) failures.push(`${role.name} GET ${url}: ${response.statusCode} for a document marked internal`);
                if (!viewer.loggedIn && body.includes('Dokument (nicht öffentlich)')) withheldDocuments++;
                // a Ziffer marked internal: the public sees its number on its resolution's page, no link to it
                if (!viewer.loggedIn && body.includes(WITHHELD_DEMAND)) withheldDemands++;
                if (!viewer.loggedIn) for (const link of internalDemandLinks) if (withoutOwnAddress(body).includes(link)) failures.push(`${role.name} GET ${url} (${response.statusCode}) links the internal Ziffer ${link}`);
                // fields: vote counts marked internal reach only logged-in viewers
                if (!viewer.loggedIn && INTERNAL_TALLY.test(body)) failures.push(`${role.name} GET ${url} (${response.statusCode}) shows an internal tally`);
                if (!viewer.loggedIn && body.includes(PUBLIC_TALLY)) publicTallies++;
                // A one-time or unsubscribe link that is not valid says so on its own page: the
                // token is the secret there, no archive object's existence is at stake.
                const linkPage = /^\/(passwort-setzen|abbestellen)\//.test(url);
                if (role.account === null && response.statusCode === 404 && !linkPage) {
                  const expected = url.startsWith('/api/') ? notFound.json : url.startsWith('/oparl/') ? notFound.oparl : notFound.html;
                  if (withoutOwnAddress(body) !== withoutOwnAddress(expected)) failures.push(`public GET ${url}: a 404 unlike an unknown address's`);
                }
              }
            }
          }
        }

        // the sitemaps list only what the public can open: each address answers it 200 (a version
        // of a resolution made while it was a draft, or of an unreleased one, would answer 404)
        let listedVersions = 0;
        const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!.replace(/&amp;/g, '&')).pathname);
        for (const sitemap of locs((await app.inject('/sitemap.xml')).body)) {
          for (const loc of locs((await app.inject(sitemap)).body)) {
            if (/\/fassungen\/\d+$/.test(loc)) listedVersions++;
            const status = (await app.inject(loc)).statusCode;
            if (status !== 200) failures.push(`${sitemap} lists ${loc}, which answers the public ${status}`);
          }
        }
        // each released resolution's released version, and none of its draft's
        if (listedVersions !== archive.resolutions.filter((r) => r.release === 'public').length) failures.push(`the sitemaps list ${listedVersions} versions`);

        // every other method: what a role may not do is refused and changes nothing
        // refused attempts on others' entries are audited by design
        const writes = watchWrites(connection, /^(sqlite_|__drizzle|audit_log$|sessions$|login_throttle$|search_)/);
        for (const route of routes.filter((r) => r.method !== 'GET')) {
          const targets = targetsOf(route);
          for (const pathTarget of targets) {
            for (const { target: bodyTarget, body } of bodyTargets(route.url, archive)) {
              const target = { ...pathTarget, ...bodyTarget };
              for (const role of ROLES) {
                if (mayChange(route, role, target, archive)) continue;
                const session = sessions.get(role.name)!;
                writes();
                const response = await app.inject({
                  method: route.method as 'POST',
                  url: target.url,
                  cookies: session.cookies,
                  headers: { 'x-csrf-token': session.token },
                  // routes with a target in the body get exactly their fields (their schemas refuse others)
                  payload: { ...(Object.keys(body).length === 0 ? GENERIC_BODY : body), _csrf: session.token },
                });
                requests++;
                const denied = [401, 403, 404].includes(response.statusCode) || (response.statusCode === 422 && route.url === '/verwaltung/import/speichern');
                if (!denied) failures.push(`${role.name} ${route.method} ${target.url}: ${response.statusCode}, but the role may not`);
                const changed = writes();
                if (changed.length > 0) failures.push(`${role.name} ${route.method} ${target.url}: wrote ${changed.join(', ')}`);
              }
            }
          }
        }
        await app.close();
        app = undefined;
        expect(requests).toBeGreaterThan(1000);
        expect(publicTallies).toBeGreaterThan(0);
        expect(withheldDocuments).toBeGreaterThan(0);
        expect(withheldDemands).toBeGreaterThan(0);
        expect(failures.join('\n')).toBe('');
      }),
      { numRuns: NUM_RUNS, endOnFailure: true },
    );
  }, 900_000);
});
