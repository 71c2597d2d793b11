/**
 * The application's vocabulary: every closed list of values that the data model, the forms, the
 * API, the import format and the demo data share, each with its type. The database schema builds
 * its enum columns from these lists, so a new value is added here and nowhere else (plus its German
 * label in views/i18n/de.json and, for stored values, a migration if the column needs one).
 *
 * Order matters where a list is shown or counted: statuses run from open to obsolete, and so on.
 */

/** How a meeting took place: in person, as a video conference, or as a written procedure (Umlaufverfahren). */
export const MEETING_KINDS = ['presence', 'video', 'written'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** Freigabe: a draft (secretariat only), internal (logged-in users) or public (released on a date). */
export const RELEASE_STATES = ['draft', 'internal', 'public'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

/** The outcome a decision formula states (beschlossen, abgelehnt, zur Kenntnis genommen, vertagt, zurückgezogen). */
export const OUTCOMES = ['adopted', 'rejected', 'noted', 'deferred', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** How a decision was voted: einstimmig, mehrheitlich, with counted votes (yes:no:abstain), or not stated. */
export const VOTINGS = ['unanimous', 'majority', 'counted', 'unknown'] as const;
export type Voting = (typeof VOTINGS)[number];

/** Whom a demand (Ziffer) is addressed to. */
export const ADDRESSEES = ['bund', 'laender', 'kommunen', 'eu', 'gremium'] as const;
export type Addressee = (typeof ADDRESSEES)[number];

/** Umsetzungsstand of a demand, in the order in which it is shown and counted. */
export const DEMAND_STATUSES = ['open', 'in_progress', 'partial', 'implemented', 'rejected', 'obsolete'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

/** The statuses of a demand on which the addressee still owes something (dashboard, overdue list, stale flag). */
export const UNFINISHED_STATUSES = ['open', 'in_progress', 'partial'] as const satisfies readonly DemandStatus[];
export type UnfinishedStatus = (typeof UNFINISHED_STATUSES)[number];

/** What a follow-up records: a federal response, a report, a law, a budget decision, a status assessment by the Länder, a note. */
export const FOLLOW_UP_KINDS = ['response', 'report', 'legislation', 'budget', 'assessment', 'note'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

/** Who may read a follow-up: everyone, or logged-in users only. */
export const VISIBILITIES = ['public', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Roles of user accounts: administration, a conference's secretariat, a Land's official. */
export const USER_ROLES = ['admin', 'secretariat', 'land'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Kinds of actors of follow-ups: federal bodies, a Land, a working group, the secretariat, others. */
export const ACTOR_KINDS = ['bund', 'land', 'gremium', 'secretariat', 'other'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** The messages the application sends by e-mail. */
export const MAIL_KINDS = ['invitation', 'password_reset', 'reminder', 'digest'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * States of a message in the outbox. pending: waiting for (another) delivery attempt · sending:
 * claimed by a worker (lease) · sent: the SMTP server accepted it · failed: refused for good or
 * out of attempts (an administrator may queue it again) · expired: its link ran out before it
 * could be delivered.
 */
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'expired'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** What a one-time link for setting a password was made for: an invitation or a reset by e-mail. */
export const USER_TOKEN_PURPOSES = ['invitation', 'password_reset'] as const;
export type UserTokenPurpose = (typeof USER_TOKEN_PURPOSES)[number];

/** How often a user gets the digest of their watch list by e-mail. */
export const DIGEST_FREQUENCIES = ['off', 'daily', 'weekly'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/** Reminders of a reporting request: before its due date, and once it is overdue. */
export const REMINDER_KINDS = ['due_soon', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Documents that can be stored with a follow-up (the type is read from the content). */
export const DOCUMENT_TYPES = ['pdf', 'docx', 'odt', 'xlsx', 'csv'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Whether `value` is one of `list` (narrows a string read from a form, a query or a file). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** Why a version (Fassung) of a resolution was recorded. */
export const VERSION_ACTIONS = ['baseline', 'create', 'import', 'reimport', 'edit', 'release', 'withdraw'] as const;
export type VersionAction = (typeof VERSION_ACTIONS)[number];

/**
 * A pair of Ziffern that may repeat one another: proposed by the similarity rule
 * (domain/repeats.ts), confirmed or dismissed by the secretariat (a dismissed pair is not proposed
 * again).
 */
export const REPEAT_STATES = ['proposed', 'confirmed', 'dismissed'] as const;
export type RepeatState = (typeof REPEAT_STATES)[number];
