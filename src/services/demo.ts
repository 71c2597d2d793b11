/**
 * Reference data and the demo archive. The list of federal actors is loaded into an empty
 * database on every start; the demo archive (fixtures/demo) is loaded once, on the first start,
 * through the same import and follow-up services that real imports use.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import {
  actors,
  appMeta,
  conferences,
  demands,
  meetings,
  resolutions,
} from '../../db/schema.js';
import { selectResolutionWith } from './resolution-header.js';
import type { ImportDocument } from '../domain/import-format.js';
import { conferenceSlug } from '../domain/citation.js';
import { todayIso } from '../domain/dates.js';
import { FIXTURES_DIR } from '../paths.js';
import { ACTORS } from '../domain/actors.js';
import { audit, SYSTEM_ACTOR, type Actor } from './audit.js';
import { recordFollowUpIn } from './followups.js';
import { ensureConference, ensureMeeting, storeDocument } from './import.js';
import type { DbOrTx } from './types.js';
import type { DemoConference, DemoFollowUp, DemoManifest } from '../domain/demo-format.js';
import { writeTransaction } from './tx.js';

const DEMO_DIR = path.join(FIXTURES_DIR, 'demo');
const DEMO_ACTOR: Actor = Object.freeze({ userId: null, name: 'demo' });
const DEMO_LOADED = 'demo_loaded_at';

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(DEMO_DIR, file), 'utf8')) as T;
}

/**
 * Brings the actors table up to the maintained list (src/domain/actors.ts): adds what is
 * missing, never deletes (follow-ups refer to the rows).
 */
export function ensureActors(db: Db): void {
  const stored = new Set(db.select({ code: actors.code, validFrom: actors.validFrom }).from(actors).all().map((a) => `${a.code}|${a.validFrom}`));
  const missing = ACTORS.filter((a) => !stored.has(`${a.code}|${a.validFrom}`));
  if (missing.length === 0) return;
  writeTransaction(db, (tx) => {
    tx.insert(actors).values([...missing]).run();
    audit(tx, SYSTEM_ACTOR, { action: 'actors.load', entityType: 'actor', entityId: null, after: missing });
  });
}

function findTarget(tx: DbOrTx, entry: DemoFollowUp) {
  const row = selectResolutionWith(tx, { resolutionId: resolutions.id })
    .where(
      and(
        eq(conferences.slug, conferenceSlug(entry.conference)),
        eq(meetings.urlKey, String(entry.meeting)),
        eq(resolutions.agendaItem, entry.agendaItem),
      ),
    )
    .get();
  if (!row) throw new Error(`demo follow-up: no resolution ${entry.conference} ${entry.meeting} TOP ${entry.agendaItem}`);
  if (entry.demand === null) return { resolutionId: row.resolutionId, demandId: null };
  const demand = tx
    .select({ id: demands.id })
    .from(demands)
    .where(and(eq(demands.resolutionId, row.resolutionId), eq(demands.number, entry.demand)))
    .get();
  if (!demand) throw new Error(`demo follow-up: no Ziffer ${entry.demand} in ${entry.conference} ${entry.meeting} TOP ${entry.agendaItem}`);
  return { resolutionId: row.resolutionId, demandId: demand.id };
}

export function isDemoLoaded(db: Db): boolean {
  return db.select().from(appMeta).where(eq(appMeta.key, DEMO_LOADED)).get() !== undefined;
}

/**
 * Loads the demo archive unless it was loaded before (also when it has since been edited or
 * deleted: a second start adds nothing). Returns whether it loaded.
 */
export function loadDemoData(db: Db, today = todayIso()): boolean {
  if (isDemoLoaded(db)) return false;
  ensureActors(db);
  const conferenceList = readJson<DemoConference[]>('conferences.json');
  const manifest = readJson<DemoManifest>('manifest.json');
  const followUpList = readJson<DemoFollowUp[]>('followups.json');
  writeTransaction(db, (tx) => {
    for (const conference of conferenceList) {
      const id = ensureConference(tx, DEMO_ACTOR, conference.shortName, conference.name);
      for (const meeting of conference.meetings) ensureMeeting(tx, DEMO_ACTOR, id, meeting);
    }
    for (const file of manifest.files) {
      const document = readJson<ImportDocument>(file.path);
      storeDocument(tx, DEMO_ACTOR, document, {
        source: file.source,
        synthetic: file.synthetic,
        release: file.release,
        releasedOn: file.release === 'public' ? (file.releasedOn ?? null) : null,
        // compared once the whole archive is in (app start: rebuildRepeats)
        deferRepeats: true,
      });
    }
    for (const entry of followUpList) {
      const target = findTarget(tx, entry);
      recordFollowUpIn(
        tx,
        DEMO_ACTOR,
        {
          ...target,
          date: entry.date,
          actor: entry.actor,
          kind: entry.kind,
          summary: entry.summary,
          link: entry.link,
          resultingStatus: entry.status,
          visibility: entry.visibility,
        },
        today,
      );
    }
    tx.insert(appMeta).values({ key: DEMO_LOADED, value: new Date().toISOString() }).run();
  });
  return true;
}
