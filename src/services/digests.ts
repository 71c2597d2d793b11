/**
 * The watch-list digest by e-mail, sent by the scheduled mail jobs: once a day or once an ISO week
 * (the user's choice on /merkliste, weekly unless chosen otherwise), from 07:00 Berlin time, the
 * follow-ups recorded on the watched TOPs and Ziffern since the last digest — new follow-ups and the
 * status changes they bring. The same selection and visibility as the watch list (./watches.ts);
 * ordered by conference, meeting and TOP, and under each by the follow-ups' dates
 * (domain/digest-order.ts).
 *
 * Each user's digest is one transaction: the message goes to the outbox together with the moved
 * cursor (`mail_preferences.digest_follow_up_id`) and the period it covers (`digest_period`), so
 * running the job again in the same day or week writes nothing new, and a crash writes either both
 * or neither. A period without changes sends nothing but moves the cursor all the same. The cursor
 * is the highest follow-up id the digest covered (the watch list's rule, ./watches.ts): a
 * follow-up stored in the millisecond of the run, after it, is in the next digest.
 */
import { parseConferenceList, userConferenceList } from './sessions.js';
import { writeTransaction } from './tx.js';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { mailPreferences, users, watches } from '../../db/schema.js';
import { berlinDateAndHour } from '../domain/berlin-time.js';
import { digestPeriod } from '../domain/mail-schedule.js';
import { isLandCode, landName } from '../domain/laender.js';
import { linkThroughLogin } from '../domain/login-address.js';
import { publicSees } from './visibility.js';
import { byDateOldestFirst, compareDigestPlaces } from '../domain/digest-order.js';
import { digestMessage, type DigestEntry } from './mail-messages.js';
import { mailPreferencesOf, unsubscribeUrl } from './mail-preferences.js';
import { enqueueMail, type MailContext } from './outbox.js';
import { actorText, latestFollowUpId, tellEachChangeOnce, watchList } from './watches.js';

export interface DigestReport {
  /** Messages written to the outbox. */
  mails: number;
  /** Follow-ups in them. */
  changes: number;
}

const DAY_MS = 86_400_000;

/** Writes the digests due at `now` to the outbox; running it again in the same period writes nothing. */
export function runDigests(db: Db, ctx: MailContext, now: Date): DigestReport {
  const report: DigestReport = { mails: 0, changes: 0 };
  const local = berlinDateAndHour(now);
  const nowIso = now.toISOString();
  // active users who watch something; their preferences decide the rest
  const candidates = db
    .selectDistinct({ id: users.id, name: users.name, email: users.email, role: users.role, land: users.land, conferences: userConferenceList })
    .from(users)
    .innerJoin(watches, eq(watches.userId, users.id))
    .where(eq(users.active, true))
    .all();

  for (const user of candidates) {
    writeTransaction(
      db,
      (tx) => {
        const preferences = mailPreferencesOf(tx, user.id);
        const period = digestPeriod(preferences.digest, local);
        if (period === null || preferences.digest === 'off') return;
        const row = tx
          .select({ cursor: mailPreferences.digestFollowUpId, period: mailPreferences.digestPeriod })
          .from(mailPreferences)
          .where(eq(mailPreferences.userId, user.id))
          .get();
        if (row?.period === period) return;
        // up to the latest follow-up stored now, which the cursor moves to; without a stored cursor:
        // those recorded in the last day or week, not the whole history of the watch list
        const upTo = latestFollowUpId(tx);
        // the day or week the mail says it tells of (a watch begun within it is told from its start)
        const periodStart = new Date(now.getTime() - (preferences.digest === 'daily' ? 1 : 7) * DAY_MS).toISOString();
        const since = row ? { afterFollowUp: row.cursor } : { recordedAfter: periodStart };
        const viewer = { userId: user.id, role: user.role, land: user.land, conferenceIds: parseConferenceList(user.conferences) };
        const entries: DigestEntry[] = [];
        // a follow-up on a Ziffer watched both alone and with its whole TOP is one news, told once
        // what was recorded before a watch began is not news to it (the list says so too)
        const items = tellEachChangeOnce(watchList(db, viewer, since, upTo, { fromWatchStart: true }));
        // by conference, meeting and TOP; under each, by date (domain/digest-order.ts), not as recorded
        const placed = items.map((item) => ({ item, place: { ...item.resolution, demandNumber: item.watchedDemandId === null ? null : (item.watchedDemandNumber ?? '') } }));
        for (const { item } of placed.sort((a, b) => compareDigestPlaces(a.place, b.place))) {
          const changes = byDateOldestFirst(item.changes);
          if (changes.length === 0) continue;
          // the page through the login where the public does not see what the mail tells of
          const shown = publicSees({ release: item.resolution.release, demandInternal: item.watchedDemandInternal, followUps: changes });
          entries.push({
            heading: `${item.label}: ${item.title}`,
            watchedSince: item.watchedAt > periodStart ? berlinDateAndHour(new Date(item.watchedAt)).date : null,
            url: `${ctx.publicUrl}${linkThroughLogin(item.url, shown)}`,
            changes: changes.map((change) => ({
              date: change.date,
              kind: change.kind,
              actor: actorText(change),
              internal: change.visibility === 'internal',
              status: change.resultingStatus,
              demand: change.demandNumber === null ? null : `Ziffer ${change.demandNumber}`,
              summary: change.summary,
            })),
          });
        }
        tx.insert(mailPreferences)
          .values({ userId: user.id, ...preferences, digestFollowUpId: upTo, digestPeriod: period, updatedAt: nowIso })
          .onConflictDoUpdate({ target: mailPreferences.userId, set: { digestFollowUpId: upTo, digestPeriod: period } })
          .run();
        if (entries.length === 0) return;
        const unsubscribe = unsubscribeUrl(db, ctx.publicUrl, user.id, 'digest');
        const message = digestMessage({
          name: user.name,
          frequency: preferences.digest,
          // the watch list's rule and wording: a Land's account reads what its Land recorded as no news
          land: user.land !== null && isLandCode(user.land) ? landName(user.land) : null,
          entries,
          url: `${ctx.publicUrl}/merkliste`,
          unsubscribeUrl: unsubscribe,
          siteUrl: ctx.publicUrl,
        });
        enqueueMail(tx, { kind: 'digest', recipient: user.email, userId: user.id, message, unsubscribeUrl: unsubscribe }, ctx.messageDomain, now);
        report.mails += 1;
        report.changes += entries.reduce((sum, entry) => sum + entry.changes.length, 0);
      },
    );
  }
  return report;
}
