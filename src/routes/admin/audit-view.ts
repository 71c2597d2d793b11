/**
 * The audit log for people: each entry's before and after as a table of the fields that changed,
 * with German field names and values (states, outcomes, Länder, dates) instead of raw keys and
 * JSON. Keys without a German name are shown as they are, so nothing is hidden.
 */
import { formatDateShort } from '../../domain/dates.js';
import { formatBerlinDateTime } from '../../domain/berlin-time.js';
import { isLandCode, landName } from '../../domain/laender.js';
import { conferencePath, demandAnchor, demandPathIn, meetingLabel, meetingPath, resolutionPath } from '../../domain/citation.js';
import { translate } from '../../i18n.js';
import { entityKindOf, ID_FIELDS, type AuditObject, type AuditObjectKind, type AuditObjects, type TopFacts } from '../../services/audit-names.js';

/** A catalogue text where there is one, else the fallback. */
export function labelOr(key: string, fallback: string): string {
  try {
    return translate(key);
  } catch {
    return fallback;
  }
}

export function actionLabel(action: string): string {
  return labelOr(`admin.audit.actions.${action.replaceAll('.', '_')}`, action);
}

export function entityTypeLabel(entityType: string): string {
  return labelOr(`admin.audit.entityTypes.${entityType.replaceAll('.', '_')}`, entityType);
}

export function fieldLabel(key: string): string {
  return labelOr(`admin.audit.fields.${key}`, key);
}

/** Bookkeeping columns that say nothing to a reader (`watch`: the number of a watch list's row). */
const HIDDEN = new Set(['id', 'version', 'createdAt', 'updatedAt', 'sortKey', 'passwordHash', 'urlKey', 'slug', 'watch']);

/** Keys whose values are codes with German names in the catalogue. */
const VALUE_LABELS: Record<string, string> = {
  release: 'release',
  outcome: 'outcome',
  voting: 'votingOption',
  kind: 'followUpKind',
  status: 'status',
  resultingStatus: 'status',
  visibility: 'report.visibility',
  role: 'admin.roles',
  state: 'admin.outbox.states',
  change: 'import.change',
  digest: 'admin.audit.values.digest',
  reason: 'admin.audit.values.reason',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An instant as stored (ISO, UTC): shown in Berlin time like the entry's own time. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z$/;

function landNames(list: readonly unknown[]): string {
  return list.map((code) => (typeof code === 'string' && isLandCode(code) ? landName(code) : String(code))).join(', ');
}

/**
 * What the log's entries name by number and a reader knows by name: conferences by their short
 * name; the objects of the entries at hand (services/audit-names.ts), and whether the reader is an
 * administrator (who opens accounts and mails from the log).
 */
export interface AuditNames {
  conferences: ReadonlyMap<number, string>;
  objects?: AuditObjects;
  admin?: boolean;
}

/** An object as a reader knows it, with the address of its page where the reader may open it. */
export interface ObjectName {
  label: string;
  url: string | null;
}

function meetingOf(facts: Pick<TopFacts, 'conferenceShortName' | 'meetingNumber' | 'meetingYear' | 'meetingStart'>): string {
  return meetingLabel(facts.conferenceShortName, { number: facts.meetingNumber, year: facts.meetingYear, startDate: facts.meetingStart });
}

/** "12. IntMK 2017, TOP 2.12" */
function topOf(facts: TopFacts): string {
  return translate('admin.audit.objects.top', { meeting: meetingOf(facts), top: facts.agendaItem });
}

function demandText(number: string | null): string {
  return number === null ? translate('resolution.demandUnnumbered') : translate('resolution.demand', { number });
}

function topPath(facts: TopFacts): string {
  return resolutionPath(facts.conferenceSlug, facts.meetingKey, facts.agendaItem);
}

/**
 * Whether the reader may know the object by name where an entry's details mention it: an archive
 * object if the reader sees it; the administration reads every entry whole (drafts' snapshots too),
 * so it knows every object the entries mention.
 */
function known(object: AuditObject, names: AuditNames): boolean {
  return names.admin === true || !('visible' in object) || object.visible;
}

/**
 * The name of an object and its page: an account by name and address, a meeting as the archive
 * names it ("12. IntMK 2017"), a TOP, Ziffer or follow-up with its meeting and TOP, a mail by its
 * recipient, a page by its title. Archive pages are linked where the reader sees them
 * (services/visibility.ts), accounts and mails for administrators (their pages are theirs).
 */
function nameOf(id: string | number, object: AuditObject, names: AuditNames): ObjectName {
  const admin = names.admin === true;
  switch (object.kind) {
    case 'user':
      return { label: translate('admin.audit.objects.user', { name: object.name, email: object.email }), url: admin ? `/verwaltung/benutzer#konto-${id}` : null };
    case 'conference':
      return { label: object.shortName, url: object.visible ? conferencePath(object.slug) : null };
    case 'meeting':
      return { label: meetingOf(object), url: object.visible ? meetingPath(object.conferenceSlug, object.meetingKey) : null };
    case 'resolution':
      return { label: topOf(object), url: object.visible ? topPath(object) : null };
    case 'demand':
      return {
        label: translate('admin.audit.objects.demand', { top: topOf(object), demand: demandText(object.number) }),
        url: object.visible ? (object.number === null ? `${topPath(object)}#${demandAnchor(null)}` : demandPathIn(topPath(object), object.number)) : null,
      };
    case 'followUp':
      return {
        label: translate('admin.audit.objects.followUp', {
          kind: labelOr(`followUpKind.${object.followUpKind}`, object.followUpKind),
          date: formatDateShort(object.date),
          top: object.demandNumber === null ? topOf(object) : translate('admin.audit.objects.demand', { top: topOf(object), demand: demandText(object.demandNumber) }),
        }),
        url: object.visible ? `${topPath(object)}#${object.demandNumber === null ? 'gesamt' : demandAnchor(object.demandNumber)}` : null,
      };
    case 'mail':
      return { label: translate('admin.audit.objects.mail', { recipient: object.recipient }), url: admin ? `/verwaltung/postausgang/${id}` : null };
    case 'page':
      return { label: object.title, url: `/${encodeURIComponent(object.slug)}` };
    case 'repeat': {
      const side = (demandId: number) => fieldName('demand', demandId, names) ?? translate('admin.audit.objects.number', { id: demandId });
      return { label: translate('admin.audit.objects.repeat', { earlier: side(object.earlier), later: side(object.later) }), url: null };
    }
    case 'actor':
      return { label: translate('admin.audit.objects.actor', { code: object.code, name: object.name }), url: null };
    default:
      return { label: String(id), url: null };
  }
}

/** The object an entry is about, by name (with its page where the reader may open it); null where none is found (the number stands). */
export function entityName(entityType: string, entityId: string | null, names: AuditNames | undefined): ObjectName | null {
  const kind = entityKindOf(entityType);
  if (kind === null || entityId === null || !names?.objects) return null;
  const object = names.objects.get(kind, entityId);
  return object ? nameOf(entityId, object, names) : null;
}

/** An object named in an entry's details by its number: its name where the reader may know it, else null. */
function fieldName(kind: AuditObjectKind, value: unknown, names: AuditNames | undefined): string | null {
  if ((typeof value !== 'number' && typeof value !== 'string') || !names?.objects) return null;
  const object = names.objects.get(kind, value);
  return object && known(object, names) ? nameOf(value, object, names).label : null;
}

/** One value as a reader understands it. */
export function displayValue(key: string, value: unknown, names?: AuditNames): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  // an object by its name, or (removed since, or not the reader's to know) by its number
  const idKind = ID_FIELDS[key];
  if (idKind !== undefined && (typeof value === 'number' || typeof value === 'string')) {
    return fieldName(idKind, value, names) ?? translate('admin.audit.objects.number', { id: value });
  }
  if (typeof value === 'string') {
    const prefix = VALUE_LABELS[key];
    if (prefix) return labelOr(`${prefix}.${value}`, value);
    if (ISO_DATE.test(value)) return formatDateShort(value);
    if (ISO_INSTANT.test(value)) return formatBerlinDateTime(value);
    if ((key === 'land' || key === 'chairLand' || key === 'actorLand') && isLandCode(value)) return landName(value);
    return value;
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '–';
    if (key === 'sponsors' || key === 'laender') return landNames(value);
    if ((key === 'conferences' || key === 'conferenceIds') && names) return value.map((id) => (typeof id === 'number' ? (names.conferences.get(id) ?? String(id)) : String(id))).join(', ');
    if (key === 'addressees') return value.map((a) => labelOr(`addressee.${String(a)}`, String(a))).join(', ');
    if (key === 'demands') {
      return value
        .map((d: { number?: string | null; text?: string }) =>
          `${d.number ? translate('resolution.demand', { number: d.number }) : translate('resolution.demandUnnumbered')}: ${d.text ?? ''}`,
        )
        .join('\n');
    }
    if (key === 'protocolStatements') {
      return value.map((s: { laender?: string[]; text?: string }) => `${landNames(s.laender ?? [])}: ${s.text ?? ''}`).join('\n');
    }
    return value.map((item) => (typeof item === 'object' && item !== null ? describeObject(item as Record<string, unknown>) : String(item))).join('\n');
  }
  if (typeof value === 'object') return describeObject(value as Record<string, unknown>);
  return String(value);
}

function describeObject(value: Record<string, unknown>): string {
  return Object.entries(value)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, v]) => `${fieldLabel(key)}: ${displayValue(key, v)}`)
    .join('; ');
}

export interface ChangeRow {
  field: string;
  before: string;
  after: string;
}

/**
 * What an entry's details are: fields that changed (before and after), what was recorded — a new
 * object, or the facts of an event such as a password change and the sessions it ended (nothing
 * before) — or what was removed (nothing after). Only a change has two values to show; the others
 * have one, and "– → 1" would say nothing.
 */
export type ChangeMode = 'changed' | 'recorded' | 'removed';

export function auditMode(before: unknown, after: unknown): ChangeMode {
  if (before == null) return 'recorded';
  if (after == null) return 'removed';
  return 'changed';
}

/** A changed field as one line of the downloads: "Titel: alt → neu", or "Dabei beendete Sitzungen des Kontos: 1". */
export function changeLine(mode: ChangeMode, row: ChangeRow): string {
  if (mode === 'recorded') return `${row.field}: ${row.after}`;
  if (mode === 'removed') return `${row.field}: ${row.before}`;
  return `${row.field}: ${row.before} → ${row.after}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fields an entry changed: for an update those whose value differs, for a creation every
 * field given, for a removal every field it had.
 */
export function auditChanges(before: unknown, after: unknown, names?: AuditNames): ChangeRow[] {
  if (before == null && after == null) return [];
  if (!isRecord(before ?? {}) || !isRecord(after ?? {})) {
    return [{ field: translate('admin.audit.value'), before: displayValue('', before), after: displayValue('', after) }];
  }
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((key) => !HIDDEN.has(key));
  const mode = auditMode(before, after);
  return keys
    .filter((key) => JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null))
    .map((key) => ({ field: fieldLabel(key), before: displayValue(key, b[key], names), after: displayValue(key, a[key], names) }))
    // what was recorded or removed without a value (an account's conferences, not a secretariat's) says nothing
    .filter((row) => mode === 'changed' || (mode === 'recorded' ? row.after : row.before) !== '–');
}
