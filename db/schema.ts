/**
 * The whole data model of Beschlussmonitor.
 *
 * Conventions: dates are ISO strings ('YYYY-MM-DD'), timestamps are ISO UTC strings; list-valued
 * attributes that are never queried by element (addressees, Länder of a protocol statement) are
 * JSON text; rows that users edit carry a `version` for optimistic concurrency.
 * Nothing here is SQLite-only beyond the column builders, so the pg dialect stays possible.
 * The lists of allowed values (statuses, kinds, roles, …) come from the domain's vocabulary.
 */
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import {
  ACTOR_KINDS,
  DEMAND_STATUSES,
  DIGEST_FREQUENCIES,
  DOCUMENT_TYPES,
  FOLLOW_UP_KINDS,
  MAIL_KINDS,
  MEETING_KINDS,
  OUTBOX_STATES,
  OUTCOMES,
  RELEASE_STATES,
  REMINDER_KINDS,
  USER_ROLES,
  USER_TOKEN_PURPOSES,
  VISIBILITIES,
  VOTINGS,
  VERSION_ACTIONS,
  REPEAT_STATES,
} from '../src/domain/vocabulary.js';
import type { VersionContent } from '../src/domain/version-diff.js';

const timestamps = {
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  updatedAt: text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
};

const version = integer('version').notNull().default(1);

/** Key/value facts about this database (e.g. when the demo data was loaded). */
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const conferences = sqliteTable('conferences', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** URL segment, lower case: 'intmk'. */
  slug: text('slug').notNull().unique(),
  shortName: text('short_name').notNull().unique(),
  name: text('name').notNull(),
  description: text('description'),
  version,
  ...timestamps,
});

export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conferenceId: integer('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'restrict' }),
    /** Ordinal number ("12." IntMK); null for meetings known only by their date. */
    number: integer('number'),
    year: integer('year').notNull(),
    startDate: text('start_date'),
    endDate: text('end_date'),
    place: text('place'),
    chairLand: text('chair_land'),
    kind: text('kind', { enum: MEETING_KINDS }).notNull().default('presence'),
    /** The URL key: the ordinal number, or the start date where there is none. */
    urlKey: text('url_key').notNull(),
    version,
    ...timestamps,
  },
  (t) => [
    uniqueIndex('meetings_conference_key').on(t.conferenceId, t.urlKey),
    index('meetings_start').on(t.startDate),
  ],
);

/**
 * The addresses a meeting had before its number (or, without one, its first day) was corrected:
 * the old address leads to the meeting under its new one (plugins/errors.ts), as long as no
 * meeting of the conference has it. services/conferences.ts saveMeeting keeps it.
 */
export const meetingFormerKeys = sqliteTable(
  'meeting_former_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    /** The former URL key (meetings.url_key). */
    urlKey: text('url_key').notNull(),
    /** When the meeting stopped having it (ISO UTC): of two meetings that had it, the later leads. */
    replacedAt: text('replaced_at').notNull(),
  },
  (t) => [uniqueIndex('meeting_former_keys_meeting_key').on(t.meetingId, t.urlKey), index('meeting_former_keys_key').on(t.urlKey)],
);

export const resolutions = sqliteTable(
  'resolutions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'restrict' }),
    /** TOP number exactly as printed: "2.12", "2.9b", "A3". */
    agendaItem: text('agenda_item').notNull(),
    /** Sort key derived from agendaItem so that 2.2 < 2.12 < 10.1 (domain/agenda-item.ts). */
    sortKey: text('sort_key').notNull(),
    title: text('title').notNull(),
    outcome: text('outcome', { enum: OUTCOMES }).notNull(),
    voting: text('voting', { enum: VOTINGS }).notNull(),
    votesYes: integer('votes_yes'),
    votesNo: integer('votes_no'),
    votesAbstain: integer('votes_abstain'),
    /** The vote counts are internal: the public sees how it was voted, not the counts. */
    tallyInternal: integer('tally_internal', { mode: 'boolean' }).notNull().default(false),
    formula: text('formula').notNull().default(''),
    /** References to earlier TOPs as printed ("TOP 12 99. UMK"), JSON array. */
    references: text('references', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** The Land that reports on the TOP ("Berichterstattung: Bremen"), a code like "HB"; null where none is named. */
    reportingLand: text('reporting_land'),
    release: text('release', { enum: RELEASE_STATES }).notNull().default('draft'),
    releasedOn: text('released_on'),
    /** Where the text came from: file name, "Synthetische Demodaten", manual entry. */
    source: text('source'),
    synthetic: integer('synthetic', { mode: 'boolean' }).notNull().default(false),
    version,
    ...timestamps,
  },
  (t) => [
    uniqueIndex('resolutions_meeting_top').on(t.meetingId, t.agendaItem),
    index('resolutions_meeting_sort').on(t.meetingId, t.sortKey),
    // covering index of the visibility-filtered counts per meeting (home, conference pages)
    index('resolutions_meeting_release').on(t.meetingId, t.release),
    index('resolutions_release').on(t.release, t.releasedOn),
  ],
);

export const resolutionSponsors = sqliteTable(
  'resolution_sponsors',
  {
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    land: text('land').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.resolutionId, t.land] }),
    index('sponsors_land').on(t.land),
    // A resolution's sponsors in printed order, read from the index alone: no sort and no read of
    // the table's rows per resolution (resolution and meeting pages, exports, the search index).
    index('resolution_sponsors_order').on(t.resolutionId, t.position, t.land),
  ],
);

export const protocolStatements = sqliteTable(
  'protocol_statements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    laender: text('laender', { mode: 'json' }).$type<string[]>().notNull(),
    text: text('text').notNull(),
    /** Internal: the public sees "Protokollerklärung (nicht öffentlich)", not who made it or what it says. */
    internal: integer('internal', { mode: 'boolean' }).notNull().default(false),
    version,
    ...timestamps,
  },
  (t) => [index('protocol_statements_resolution').on(t.resolutionId, t.position)],
);

export const demands = sqliteTable(
  'demands',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** "1", "2", "10" as printed; null for a decision without numbered paragraphs. */
    number: text('number'),
    text: text('text').notNull(),
    addressees: text('addressees', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Reporting request (Berichtsauftrag): due date, or the meeting it is due at. */
    dueDate: text('due_date'),
    dueMeetingId: integer('due_meeting_id').references(() => meetings.id, {
      onDelete: 'set null',
    }),
    /** The ordinal of the (same conference's) meeting a report is due at, until that meeting exists. */
    dueMeetingNumber: integer('due_meeting_number'),
    /**
     * A declaratory Ziffer (states, welcomes, thanks, takes note; asks nothing): never "stale".
     * Derived from the text by src/domain/tracking.ts `isDeclaratory`, kept by the services.
     */
    declaratory: integer('declaratory', { mode: 'boolean' }).notNull().default(false),
    /**
     * Internal: the public sees "Ziffer n (nicht öffentlich)", not its text, status, follow-ups or
     * timeline, and no surface lists, counts, indexes or links it for the public (services/visibility.ts).
     */
    internal: integer('internal', { mode: 'boolean' }).notNull().default(false),
    /** Current status from all follow-ups (what logged-in users see); derived, kept by the services. */
    status: text('status', { enum: DEMAND_STATUSES }).notNull().default('open'),
    statusSince: text('status_since'),
    /** Current status from public follow-ups only (what the public sees). */
    publicStatus: text('public_status', { enum: DEMAND_STATUSES }).notNull().default('open'),
    publicStatusSince: text('public_status_since'),
    version,
    ...timestamps,
  },
  (t) => [
    // a resolution's Ziffern in order, with the mark the visibility rule reads: the search "as of"
    // a date lists the visible Ziffern of its candidates from the index alone
    index('demands_resolution').on(t.resolutionId, t.position, t.internal),
    index('demands_status').on(t.status),
    index('demands_public_status').on(t.publicStatus),
    index('demands_due_meeting_number').on(t.dueMeetingNumber),
    // reporting requests by due date (reminders), each without the many Ziffern that have none
    index('demands_due_date').on(t.dueDate).where(sql`${t.dueDate} is not null`),
    index('demands_due_meeting').on(t.dueMeetingId).where(sql`${t.dueMeetingId} is not null`),
  ],
);

/** Federal ministries and other actors, with validity dates: renamed ministries share a lineage. */
/**
 * The demand counts behind the statistics pages, kept by triggers in the same transaction as every
 * write to demands, resolutions and sponsors (migration `demand-summary-triggers`): per meeting,
 * release state and outcome of the resolution, the status the logged-in users (`internal` 1) or the
 * public (`internal` 0) see, how many demands have that status — in total (`dimension` 'all', `key`
 * ''), per sponsoring Land ('land', the Land's code) and per addressee ('addressee', the code; ''
 * for demands without one). Rows whose count fell to 0 may stay.
 */
export const demandSummary = sqliteTable(
  'demand_summary',
  {
    meetingId: integer('meeting_id').notNull(),
    internal: integer('internal').notNull(),
    dimension: text('dimension', { enum: ['all', 'land', 'addressee'] }).notNull(),
    key: text('key').notNull(),
    release: text('release', { enum: RELEASE_STATES }).notNull(),
    outcome: text('outcome', { enum: OUTCOMES }).notNull(),
    status: text('status', { enum: DEMAND_STATUSES }).notNull(),
    demands: integer('demands').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.internal, t.dimension, t.key, t.release, t.outcome, t.status] })],
);

export const actors = sqliteTable(
  'actors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** Line of responsibility shared by successive names (BMUB → BMU → BMUV). */
    lineage: text('lineage').notNull(),
    kind: text('kind', { enum: ACTOR_KINDS })
      .notNull()
      .default('bund'),
    validFrom: text('valid_from'),
    validTo: text('valid_to'),
  },
  (t) => [uniqueIndex('actors_code_from').on(t.code, t.validFrom), index('actors_lineage').on(t.lineage)],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: USER_ROLES }).notNull(),
  /** The Land of a Länder official. */
  land: text('land'),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(true),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  lastLoginAt: text('last_login_at'),
  version,
  ...timestamps,
});

export const followUps = sqliteTable(
  'follow_ups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    /** Null: the follow-up covers the whole resolution (all its demands). */
    demandId: integer('demand_id').references(() => demands.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    actorId: integer('actor_id').references(() => actors.id, { onDelete: 'restrict' }),
    /** A Land code when a Land is the actor (status assessment by the Länder). */
    actorLand: text('actor_land'),
    kind: text('kind', { enum: FOLLOW_UP_KINDS }).notNull(),
    summary: text('summary').notNull(),
    link: text('link'),
    resultingStatus: text('resulting_status', { enum: DEMAND_STATUSES }),
    visibility: text('visibility', { enum: VISIBILITIES }).notNull().default('internal'),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    version,
    ...timestamps,
  },
  (t) => [
    index('follow_ups_demand_date').on(t.demandId, t.date),
    index('follow_ups_resolution_date').on(t.resolutionId, t.date),
    index('follow_ups_date').on(t.date),
    // The status events with all that the statistics "as of" a date read of them (services/statistics-queries.ts
    // statusChanges): a Ziffer's last event by a date is a seek, without a read of the follow-up's row.
    index('follow_ups_status_events')
      .on(t.resolutionId, t.demandId, t.date, t.resultingStatus, t.visibility)
      .where(sql`${t.resultingStatus} is not null`),
  ],
);

/**
 * The conferences a secretariat account works for (one or more). A secretariat sees drafts,
 * edits, imports and releases only in these; without any it cannot log in.
 */
export const userConferences = sqliteTable(
  'user_conferences',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    conferenceId: integer('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.conferenceId] }), index('user_conferences_conference').on(t.conferenceId)],
);

/**
 * Failed logins, counted per account (`account:<e-mail>`, also for addresses without an account)
 * and per client address (`ip:<address>`), in the database so that every process serving it
 * counts together. A key is locked until `locked_until` after too many failures in a window.
 */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: text('window_start').notNull(),
  lockedUntil: text('locked_until'),
});

/** Server-side sessions: revocable at once (logout, deactivation). The id is a hash of the token. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Every change: who, when (UTC), what, before and after — written in the change's transaction. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Who, when there is no user row: "system", "cli", "demo". */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: text('before', { mode: 'json' }).$type<unknown>(),
    after: text('after', { mode: 'json' }).$type<unknown>(),
    ip: text('ip'),
    /** The conference the changed object belongs to (its secretariat may read the entry); null for accounts and the like. */
    conferenceId: integer('conference_id'),
  },
  (t) => [index('audit_entity').on(t.entityType, t.entityId), index('audit_at').on(t.at), index('audit_conference_at').on(t.conferenceId, t.at)],
);

export const watches = sqliteTable(
  'watches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    /** Null: the whole resolution is watched. */
    demandId: integer('demand_id').references(() => demands.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    /**
     * The highest follow-up id when the user last saw the list (or started watching): follow-ups
     * with a higher id are new. Ids, not timestamps: a follow-up stored in the millisecond of the
     * visit, after it, is still new.
     */
    seenFollowUpId: integer('seen_follow_up_id').notNull().default(0),
  },
  (t) => [uniqueIndex('watches_unique').on(t.userId, t.resolutionId, t.demandId)],
);

/** Secret, revocable tokens for a user's personal Atom feed (stored hashed). */
export const feedTokens = sqliteTable('feed_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: text('created_at').notNull(),
  revokedAt: text('revoked_at'),
});

/** Editable texts of the legally required pages (Impressum, Datenschutz, Barrierefreiheit, …). */
export const pages = sqliteTable('pages', {
  slug: text('slug').primaryKey(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  version,
  ...timestamps,
});

/**
 * The transactional outbox: every message is written here in the transaction of the change that
 * causes it, and delivered by the mail worker (src/services/mail-worker.ts). `message_id` is the
 * Message-ID header of every delivery attempt of the row, so a repeated delivery is recognisable.
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: MAIL_KINDS }).notNull(),
    recipient: text('recipient').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    /** A One-Click unsubscribe address (List-Unsubscribe), if the kind can be switched off. */
    unsubscribeUrl: text('unsubscribe_url'),
    messageId: text('message_id').notNull().unique(),
    /** The body holds a personal link (invitation, reset): not shown, and emptied once delivered. */
    sensitive: integer('sensitive', { mode: 'boolean' }).notNull().default(false),
    state: text('state', { enum: OUTBOX_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    /** The worker holding the row ("host:pid:instance") and until when. */
    leaseOwner: text('lease_owner'),
    leaseUntil: text('lease_until'),
    lastError: text('last_error'),
    /** After this the message is pointless (its link has run out): not delivered any more. */
    expiresAt: text('expires_at'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('mail_outbox_due').on(t.state, t.nextAttemptAt), index('mail_outbox_created').on(t.createdAt)],
);

/**
 * Versions (Fassungen) of a resolution: every change of its text, title, Ziffern or release is
 * kept with who and when. `release` is the state the version had: the public sees only the
 * versions it had while public (the visibility rule applies to this column as to resolutions).
 */
export const resolutionVersions = sqliteTable(
  'resolution_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    /** 1, 2, 3 … per resolution. */
    number: integer('number').notNull(),
    /** When the version was recorded in the archive (ISO UTC). */
    at: text('at').notNull(),
    /**
     * The day (YYYY-MM-DD) from which this wording was valid; null: the wording as adopted, valid
     * from the day of its meeting (read from the meeting, so a corrected meeting date counts).
     * services/versions.ts recordVersion sets it; db/migrations/0036 set it for older versions.
     */
    validFrom: text('valid_from'),
    /**
     * A correction (Berichtigung): the change put right an error in the released wording, not its
     * substance. Its wording is valid from the day of the version it corrects (`valid_from` is
     * that one's), and the day it was made is `at` ("berichtigt am …"). services/versions.ts.
     */
    correction: integer('correction', { mode: 'boolean' }).notNull().default(false),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    actor: text('actor').notNull(),
    action: text('action', { enum: VERSION_ACTIONS }).notNull(),
    release: text('release', { enum: RELEASE_STATES }).notNull(),
    releasedOn: text('released_on'),
    content: text('content', { mode: 'json' }).$type<VersionContent>().notNull(),
  },
  (t) => [uniqueIndex('resolution_versions_number').on(t.resolutionId, t.number)],
);

/**
 * Repeated demands (src/domain/repeats.ts). The Ziffern that take part in the comparison, each with
 * its terms; `repeat_terms` counts per term how many Ziffern contain it (kept by triggers on
 * demand_terms, so that a term's weight is one lookup).
 */
export const repeatDemands = sqliteTable('repeat_demands', {
  demandId: integer('demand_id')
    .primaryKey()
    .references(() => demands.id, { onDelete: 'cascade' }),
  meetingId: integer('meeting_id').notNull(),
});

export const demandTerms = sqliteTable(
  'demand_terms',
  {
    term: text('term').notNull(),
    demandId: integer('demand_id')
      .notNull()
      .references(() => repeatDemands.demandId, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.term, t.demandId] }), index('demand_terms_demand').on(t.demandId)],
);

/** Per term: in how many compared Ziffern it occurs (maintained by triggers on demand_terms). */
export const repeatTerms = sqliteTable('repeat_terms', {
  term: text('term').primaryKey(),
  documents: integer('documents').notNull(),
});

/**
 * A pair of Ziffern that may repeat one another (`first_demand_id` < `second_demand_id`):
 * proposed by the rule with its similarity, then confirmed or dismissed by the secretariat. A
 * decided pair is never proposed again; a proposal whose Ziffern no longer match is removed.
 */
export const demandRepeats = sqliteTable(
  'demand_repeats',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firstDemandId: integer('first_demand_id')
      .notNull()
      .references(() => demands.id, { onDelete: 'cascade' }),
    secondDemandId: integer('second_demand_id')
      .notNull()
      .references(() => demands.id, { onDelete: 'cascade' }),
    /** 0…1, as computed when proposed (domain/repeats.ts repeatSimilarity). */
    similarity: real('similarity').notNull(),
    state: text('state', { enum: REPEAT_STATES }).notNull().default('proposed'),
    foundAt: text('found_at').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    version,
  },
  (t) => [
    uniqueIndex('demand_repeats_pair').on(t.firstDemandId, t.secondDemandId),
    index('demand_repeats_second').on(t.secondDemandId),
    index('demand_repeats_state').on(t.state, t.similarity),
  ],
);

/**
 * One-time links for setting a password (invitation, reset by e-mail). Only the SHA-256 of the
 * token is stored; a token is used once (`used_at`) and runs out at `expires_at`.
 */
export const userTokens = sqliteTable(
  'user_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: USER_TOKEN_PURPOSES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('user_tokens_user').on(t.userId, t.purpose, t.createdAt)],
);

/**
 * "Passwort vergessen?" requests, recorded the same way whatever the address, and resolved by the
 * mail jobs shortly after (so the answer takes the same time whether or not the account exists).
 * Deleted once resolved.
 */
export const passwordResetRequests = sqliteTable('password_reset_requests', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull(),
  ip: text('ip'),
  requestedAt: text('requested_at').notNull(),
});

/**
 * What a user wants by e-mail; no row means the defaults (reminders on, weekly digest, reset
 * links on). `digest_follow_up_id`: the highest follow-up id the digest has covered, those with a
 * higher id are in the next digest;
 * `digest_period`: the day or ISO week of the last digest run (one per period).
 */
export const mailPreferences = sqliteTable('mail_preferences', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  reminders: integer('reminders', { mode: 'boolean' }).notNull().default(true),
  digest: text('digest', { enum: DIGEST_FREQUENCIES }).notNull().default('weekly'),
  passwordReset: integer('password_reset', { mode: 'boolean' }).notNull().default(true),
  digestFollowUpId: integer('digest_follow_up_id').notNull().default(0),
  digestPeriod: text('digest_period'),
  updatedAt: text('updated_at').notNull(),
});

/** Which reporting-request reminders went to whom: each (demand, due date, kind) once per user. */
export const remindersSent = sqliteTable(
  'reminders_sent',
  {
    demandId: integer('demand_id')
      .notNull()
      .references(() => demands.id, { onDelete: 'cascade' }),
    dueDate: text('due_date').notNull(),
    kind: text('kind', { enum: REMINDER_KINDS }).notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    mailId: integer('mail_id').references(() => mailOutbox.id, { onDelete: 'set null' }),
    sentAt: text('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.demandId, t.dueDate, t.kind, t.userId] }), index('reminders_sent_user').on(t.userId, t.demandId)],
);

/**
 * Documents stored with a follow-up (the Bund's letter, a report as PDF, …). The file itself lies
 * under DATA_DIR/files/ by its SHA-256 (the same content once, whoever uploads it); a file is
 * removed only when no row refers to it any more. `text`: the extracted text of a PDF, for search.
 */
export const followUpDocuments = sqliteTable(
  'follow_up_documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    followUpId: integer('follow_up_id')
      .notNull()
      .references(() => followUps.id, { onDelete: 'cascade' }),
    sha256: text('sha256').notNull(),
    fileName: text('file_name').notNull(),
    type: text('type', { enum: DOCUMENT_TYPES }).notNull(),
    size: integer('size').notNull(),
    text: text('text'),
    /** Internal: the public sees the follow-up with "Dokument (nicht öffentlich)", not the file, its name or its text. */
    internal: integer('internal', { mode: 'boolean' }).notNull().default(false),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('follow_up_documents_follow_up').on(t.followUpId), index('follow_up_documents_sha256').on(t.sha256)],
);
