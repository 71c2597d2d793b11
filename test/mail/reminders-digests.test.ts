/**
 * Scheduled mail: reminders of reporting requests (before the due date and once overdue, each
 * once per recipient) and the watch-list digest (daily or weekly), the preferences on /merkliste,
 * and unsubscribing through the signed link without logging in. The messages are delivered by
 * the real worker to a real SMTP server in the test process.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { conferences, demands, followUps, mailOutbox, mailPreferences, remindersSent, users } from '../../db/schema.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { addDays } from '../../src/domain/dates.js';
import type { ImportDemand } from '../../src/domain/import-format.js';
import type { ReleaseState } from '../../src/domain/vocabulary.js';
import { runDigests } from '../../src/services/digests.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { mailPreferencesOf, setMailPreferences, unsubscribeToken } from '../../src/services/mail-preferences.js';
import { runReminders } from '../../src/services/reminders.js';
import { queries, reportingRequestsDueBetween } from '../../src/services/reporting.js';
import { createUser } from '../../src/services/users.js';
import { setWatch } from '../../src/services/watches.js';
import { freshDatabase, loginAs, queryPlan, TEST_ACTOR } from '../helpers.js';
import { startSmtpServer, type TestSmtpServer } from '../smtp.js';
import { berlinAt, deliverDueAt, demand, demandIdOf, mailContext, storeResolution, tomorrowMorning } from './scheduled-mail.js';
import { verifyCsrfPage } from './pages.js';

const PUBLIC_URL = 'https://beschluesse.example.de';
const PASSWORD = 'ein langes sicheres Passwort';
const DAYS_BEFORE = 14;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let app: FastifyInstance;
let connection: Connection;
let smtp: TestSmtpServer;
const { TOMORROW, MORNING } = tomorrowMorning();

function conferenceId(shortName: string): number {
  return connection.db.select({ id: conferences.id }).from(conferences).where(eq(conferences.shortName, shortName)).get()!.id;
}

function userId(email: string): number {
  return connection.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
}

function outbox(kind: 'reminder' | 'digest') {
  return connection.db.select().from(mailOutbox).where(eq(mailOutbox.kind, kind)).all();
}

const store = (conference: string, agendaItem: string, demandList: ImportDemand[], release: ReleaseState = 'public') =>
  storeResolution(connection.db, conference, agendaItem, demandList, release);
const demandId = (resolutionId: number, number: string) => demandIdOf(connection.db, resolutionId, number);
const deliverAt = (at: Date) => deliverDueAt(connection.db, smtp.url, at);
const ctx = () => mailContext(PUBLIC_URL);

beforeEach(async () => {
  smtp = await startSmtpServer();
  connection = freshDatabase();
  app = await buildApp({ config: testConfig({ smtpUrl: smtp.url, publicUrl: PUBLIC_URL, reminderDaysBefore: DAYS_BEFORE }), connection });
  await app.ready();
});

afterEach(async () => {
  await app.close();
  connection.close();
  await smtp.close();
});

describe('reminders of reporting requests', () => {
  let r1: number;
  beforeEach(async () => {
    r1 = store('IntMK', '1', [
      demand('1', ['bund'], addDays(TOMORROW, -5)), // overdue five days
      demand('2', ['laender'], addDays(TOMORROW, 10)), // due within the window
      demand('3', ['bund'], addDays(TOMORROW, 30)), // not yet
      demand('4', ['bund'], addDays(TOMORROW, -40)), // overdue too long: no reminder any more
      demand('5', ['bund'], addDays(TOMORROW, 3)), // answered below
    ]);
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId: r1,
      demandId: demandId(r1, '5'),
      date: addDays(TOMORROW, -2),
      actor: 'BMI',
      kind: 'report',
      summary: 'Bericht erstattet',
      link: null,
      resultingStatus: null,
      visibility: 'public',
    });
    store('IntMK', '2', [demand('1', ['laender'], addDays(TOMORROW, 2))], 'draft'); // a draft is nobody's request yet
    store('GMK', '7', [demand('1', ['bund'], addDays(TOMORROW, 1))]);
    const actor = TEST_ACTOR;
    await createUser(connection.db, actor, { email: 'gs@intmk.example', name: 'Geschäftsstelle IntMK', role: 'secretariat', conferenceIds: [conferenceId('IntMK')], password: PASSWORD });
    await createUser(connection.db, actor, { email: 'gs@gmk.example', name: 'Geschäftsstelle GMK', role: 'secretariat', conferenceIds: [conferenceId('GMK')], password: PASSWORD });
    await createUser(connection.db, actor, { email: 'gs@alle.example', name: 'Geschäftsstelle beider', role: 'secretariat', conferenceIds: [conferenceId('IntMK'), conferenceId('GMK')], password: PASSWORD });
    await createUser(connection.db, actor, { email: 'ref@by.example', name: 'Rita Referentin', role: 'land', land: 'BY', password: PASSWORD });
    await createUser(connection.db, actor, { email: 'admin@bund.example', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  });

  it('reads the requests due in the window from the due-date indexes, those due at a meeting too, not the whole archive', () => {
    const from = addDays(TOMORROW, -30);
    const until = addDays(TOMORROW, 60);
    const before = reportingRequestsDueBetween(connection.db, from, until);
    expect(before.map((request) => request.dueDate)).toEqual([addDays(TOMORROW, -5), addDays(TOMORROW, 1), addDays(TOMORROW, 10), addDays(TOMORROW, 30)]);
    // a Ziffer without a date of its own, due at a meeting that starts within the window
    const r3 = store('IntMK', '3', [demand('1', ['bund'], null)]);
    const start = addDays(TOMORROW, 20);
    const meetingId = connection.sqlite
      .prepare("insert into meetings (conference_id, number, year, start_date, url_key) values (?, 31, 2026, ?, '31') returning id")
      .pluck()
      .get(conferenceId('IntMK'), start) as number;
    connection.db.update(demands).set({ dueMeetingId: meetingId }).where(eq(demands.id, demandId(r3, '1'))).run();
    const after = reportingRequestsDueBetween(connection.db, from, until);
    expect(after.map((request) => [request.demandId, request.dueDate])).toEqual([
      ...before.slice(0, 3).map((request) => [request.demandId, request.dueDate]),
      [demandId(r3, '1'), start],
      [before[3]!.demandId, before[3]!.dueDate],
    ]);

    const steps = queryPlan(connection, queries(connection.db).dueBetween, { level: 1, scope: '[]', from, until, afterDue: '', afterId: 0, limit: 100 });
    expect(steps).toContain('SEARCH d USING INDEX demands_due_date (due_date>? AND due_date<?)');
    expect(steps).toContain('SEARCH dm USING COVERING INDEX meetings_start (start_date>? AND start_date<?)');
    expect(steps).toContain('SEARCH d USING INDEX demands_due_meeting (due_meeting_id=?)');
    expect(steps.filter((step) => step.startsWith('SCAN d'))).toEqual([]);
  });

  it('reminds the secretariat of the conference and, for requests to the Länder, the Länder — each once', async () => {
    const report = runReminders(connection.db, ctx(), MORNING, DAYS_BEFORE);
    expect(report).toEqual({ mails: 4, reminders: 2 + 1 + 3 + 1 });
    const byRecipient = new Map(outbox('reminder').map((row) => [row.recipient, row]));
    expect([...byRecipient.keys()].sort()).toEqual(['gs@alle.example', 'gs@gmk.example', 'gs@intmk.example', 'ref@by.example']);

    const intmk = byRecipient.get('gs@intmk.example')!;
    expect(intmk.subject).toBe('Berichtsaufträge: 1 überfällig, 1 bald fällig');
    expect(intmk.textBody).toContain('Überfällig');
    expect(intmk.textBody).toContain('30. IntMK 2025, TOP 1, Ziffer 1 – Bericht zu TOP 1');
    expect(intmk.textBody).toContain(`Fällig in den nächsten ${DAYS_BEFORE} Tagen`);
    expect(intmk.textBody).toContain('30. IntMK 2025, TOP 1, Ziffer 2');
    for (const absent of ['Ziffer 3', 'Ziffer 4', 'Ziffer 5', 'TOP 2', 'GMK']) expect(intmk.textBody).not.toContain(absent);
    expect(intmk.textBody).toContain(`${PUBLIC_URL}/berichtsauftraege`);
    expect(intmk.unsubscribeUrl).toMatch(new RegExp(`^${PUBLIC_URL}/abbestellen/`));

    expect(byRecipient.get('gs@gmk.example')!.textBody).toContain('30. GMK 2025, TOP 7, Ziffer 1');
    expect(byRecipient.get('gs@gmk.example')!.textBody).not.toContain('IntMK');
    const all = byRecipient.get('gs@alle.example')!.textBody;
    expect(all).toContain('IntMK 2025, TOP 1, Ziffer 1');
    expect(all).toContain('GMK 2025, TOP 7, Ziffer 1');
    // the Land's official: only the request addressed to the Länder
    const land = byRecipient.get('ref@by.example')!;
    expect(land.subject).toBe('Berichtsaufträge: 1 bald fällig');
    expect(land.textBody).toContain('IntMK 2025, TOP 1, Ziffer 2');
    expect(land.textBody).not.toContain('Ziffer 1 ');

    // again, later the same day and the next day: nothing new
    expect(runReminders(connection.db, ctx(), new Date(MORNING.getTime() + 3_600_000), DAYS_BEFORE)).toEqual({ mails: 0, reminders: 0 });
    expect(runReminders(connection.db, ctx(), berlinAt(addDays(TOMORROW, 1), 8), DAYS_BEFORE)).toEqual({ mails: 0, reminders: 0 });
    expect(connection.db.select().from(remindersSent).all()).toHaveLength(7);

    // the request due soon becomes overdue: a second, last reminder for it
    const later = runReminders(connection.db, ctx(), berlinAt(addDays(TOMORROW, 11), 8), DAYS_BEFORE);
    // (and the GMK's, due a day after TOMORROW and overdue now: to the GMK and to all conferences)
    expect(later).toEqual({ mails: 4, reminders: 3 + 2 });
    const landLater = outbox('reminder').filter((row) => row.recipient === 'ref@by.example');
    expect(landLater.map((row) => row.subject)).toEqual(['Berichtsaufträge: 1 bald fällig', 'Berichtsaufträge: 1 überfällig']);

    // delivered, with a link back and an unsubscribe header
    await deliverAt(berlinAt(addDays(TOMORROW, 11), 9));
    const received = smtp.received.find((mail) => mail.envelopeTo.includes('gs@intmk.example'))!;
    expect(received.text).toContain('Guten Tag Geschäftsstelle IntMK,');
    expect(received.html).toContain(`href="${PUBLIC_URL}/berichtsauftraege"`);
    // each request links to its own Ziffer's page, which opens for the recipient
    const line = `30. IntMK 2025, TOP 1, Ziffer 2 – Bericht zu TOP 1 (fällig am ${addDays(TOMORROW, 10).split('-').reverse().join('.')})`;
    expect(received.text).toContain(`- ${line}\n  ${PUBLIC_URL}/intmk/30/top/1/ziffer/2\n`);
    expect(received.html).toContain(`<li><a href="${PUBLIC_URL}/intmk/30/top/1/ziffer/2">${line}</a></li>`);
    const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
    const address = await app.inject({ url: '/intmk/30/top/1/ziffer/2', cookies });
    expect([address.statusCode, address.headers.location]).toEqual([302, '/intmk/30/top/1#ziffer-2']);
    const page = await app.inject({ url: '/intmk/30/top/1', cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="ziffer-2"');
    expect(received.raw).toMatch(/^List-Unsubscribe:\s*<https:\/\/beschluesse\.example\.de\/abbestellen\/[^>]+>/m);
    expect(received.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  });

  it('sends nothing before seven in the morning, and nothing to who switched reminders off', () => {
    expect(runReminders(connection.db, ctx(), berlinAt(TOMORROW, 6), DAYS_BEFORE)).toEqual({ mails: 0, reminders: 0 });
    setMailPreferences(connection.db, TEST_ACTOR, userId('gs@intmk.example'), { reminders: false });
    const report = runReminders(connection.db, ctx(), MORNING, DAYS_BEFORE);
    expect(report.mails).toBe(3);
    expect(outbox('reminder').map((row) => row.recipient)).not.toContain('gs@intmk.example');
  });

  it('leaves out inactive accounts', async () => {
    connection.db.update(users).set({ active: false }).where(eq(users.email, 'ref@by.example')).run();
    runReminders(connection.db, ctx(), MORNING, DAYS_BEFORE);
    expect(outbox('reminder').map((row) => row.recipient)).not.toContain('ref@by.example');
  });
});

describe('the watch-list digest', () => {
  let r1: number;
  let rita: number;

  beforeEach(async () => {
    r1 = store('IntMK', '1', [demand('1', ['bund'], null), demand('2', ['bund'], null)]);
    store('IntMK', '2', [demand('1', ['bund'], null)]);
    await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'Rita Referentin', role: 'land', land: 'BY', password: PASSWORD });
    await createUser(connection.db, TEST_ACTOR, { email: 'ref@be.example', name: 'Bernd Berlin', role: 'land', land: 'BE', password: PASSWORD });
    rita = userId('ref@by.example');
    const viewer = { userId: rita, role: 'land' as const, land: 'BY', conferenceIds: [] };
    setWatch(connection.db, TEST_ACTOR, viewer, r1, true);
  });

  function followUp(summary: string, extra: { demand?: string; visibility?: 'public' | 'internal'; status?: 'in_progress' | 'implemented' } = {}): number {
    return recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId: r1,
      demandId: extra.demand ? demandId(r1, extra.demand) : null,
      date: '2026-01-15',
      actor: 'BMI',
      kind: 'response',
      summary,
      link: null,
      resultingStatus: extra.status ?? null,
      visibility: extra.visibility ?? 'public',
    });
  }

  it('mails the new follow-ups of the watched TOPs once a week, only what is new', async () => {
    followUp('Der Bund prüft die Aufstockung.', { demand: '2', status: 'in_progress' });
    followUp('Interne Abstimmung mit dem BMF.', { visibility: 'internal' });
    expect(runDigests(connection.db, ctx(), berlinAt(TOMORROW, 6))).toEqual({ mails: 0, changes: 0 }); // before seven
    expect(runDigests(connection.db, ctx(), MORNING)).toEqual({ mails: 1, changes: 2 });
    const [mail] = outbox('digest');
    expect(mail!.recipient).toBe('ref@by.example');
    expect(mail!.subject).toBe('Merkliste: 2 neue Folgemaßnahmen');
    expect(mail!.textBody).toContain('30. IntMK 2025, TOP 1: Bericht zu TOP 1');
    // who acted, as the resolution page names it
    expect(mail!.textBody).toContain('15.01.2026, Ziffer 2: Stellungnahme des Bundes · BMI (neuer Status: in Bearbeitung) – Der Bund prüft die Aufstockung.');
    // the watch list shows internal follow-ups to logged-in users; the mail marks them, as the pages do, before anybody passes it on
    expect(mail!.textBody).toContain('15.01.2026, gesamter Beschluss (alle Ziffern): Stellungnahme des Bundes · BMI · intern (nicht öffentlich) – Interne Abstimmung mit dem BMF.');
    expect(mail!.textBody.match(/intern \(nicht öffentlich\)/g)).toHaveLength(1);
    expect(mail!.textBody).toContain(`${PUBLIC_URL}/merkliste`);
    expect(mail!.unsubscribeUrl).toMatch(new RegExp(`^${PUBLIC_URL}/abbestellen/`));

    // the same week again: nothing, even with something new
    const id = followUp('Der Bund hat die Mittel erhöht.', { demand: '2', status: 'implemented' });
    const afterMorning = new Date(MORNING.getTime() + 60_000).toISOString();
    connection.db.update(followUps).set({ createdAt: afterMorning }).where(eq(followUps.id, id)).run();
    expect(runDigests(connection.db, ctx(), new Date(MORNING.getTime() + 3_600_000))).toEqual({ mails: 0, changes: 0 });
    // next week: only the new one
    expect(runDigests(connection.db, ctx(), new Date(MORNING.getTime() + 7 * 86_400_000))).toEqual({ mails: 1, changes: 1 });
    const next = outbox('digest').at(-1)!;
    expect(next.subject).toBe('Merkliste: 1 neue Folgemaßnahme');
    expect(next.textBody).toContain('Der Bund hat die Mittel erhöht.');
    expect(next.textBody).not.toContain('Der Bund prüft');

    await deliverAt(new Date(MORNING.getTime() + 8 * 86_400_000));
    expect(smtp.received.map((m) => m.subject)).toEqual(['Merkliste: 2 neue Folgemaßnahmen', 'Merkliste: 1 neue Folgemaßnahme']);
  });

  it('mails a follow-up stored in the millisecond of a run, before or after it, exactly once', () => {
    const stamp = (id: number) => connection.db.update(followUps).set({ createdAt: MORNING.toISOString() }).where(eq(followUps.id, id)).run();
    const summaries = () => outbox('digest').map((mail) => ['vor dem Lauf', 'nach dem Lauf'].filter((summary) => mail.textBody.includes(summary)));
    stamp(followUp('Bericht vor dem Lauf'));
    expect(runDigests(connection.db, ctx(), MORNING)).toEqual({ mails: 1, changes: 1 });
    stamp(followUp('Bericht nach dem Lauf'));
    expect(runDigests(connection.db, ctx(), new Date(MORNING.getTime() + 7 * 86_400_000))).toEqual({ mails: 1, changes: 1 });
    expect(runDigests(connection.db, ctx(), new Date(MORNING.getTime() + 14 * 86_400_000))).toEqual({ mails: 0, changes: 0 });
    expect(summaries()).toEqual([['vor dem Lauf'], ['nach dem Lauf']]);
  });

  it('leaves out what was recorded before a watch began, as the watch list does: the first digest after watching is no history', async () => {
    // recorded an hour before Rita began to watch the TOP, within the digest's week
    const viewer = { userId: rita, role: 'land' as const, land: 'BY', conferenceIds: [] };
    setWatch(connection.db, TEST_ACTOR, viewer, r1, false);
    const before = followUp('Stand vor der Beobachtung.');
    connection.db.update(followUps).set({ createdAt: new Date(Date.now() - 3_600_000).toISOString() }).where(eq(followUps.id, before)).run();
    setWatch(connection.db, TEST_ACTOR, viewer, r1, true);
    const cookies = await loginAs(app, 'ref@by.example', PASSWORD);
    expect((await app.inject({ url: '/merkliste', cookies })).body).not.toContain('Stand vor der Beobachtung.');
    followUp('Neu nach der Beobachtung.');
    expect(runDigests(connection.db, ctx(), MORNING)).toEqual({ mails: 1, changes: 1 });
    const [mail] = outbox('digest');
    expect(mail!.textBody).toContain('Neu nach der Beobachtung.');
    expect(mail!.textBody).not.toContain('Stand vor der Beobachtung.');
  });

  it('mails daily when so chosen, nothing without news, and nothing when switched off', () => {
    setMailPreferences(connection.db, TEST_ACTOR, rita, { digest: 'daily' }, new Date(MORNING.getTime() - 86_400_000));
    expect(runDigests(connection.db, ctx(), MORNING)).toEqual({ mails: 0, changes: 0 }); // nothing happened
    const id = followUp('Neuer Zwischenbericht.');
    connection.db.update(followUps).set({ createdAt: new Date(MORNING.getTime() + 60_000).toISOString() }).where(eq(followUps.id, id)).run();
    expect(runDigests(connection.db, ctx(), berlinAt(addDays(TOMORROW, 1), 7))).toEqual({ mails: 1, changes: 1 });
    setMailPreferences(connection.db, TEST_ACTOR, rita, { digest: 'off' });
    const again = followUp('Noch ein Bericht.');
    connection.db.update(followUps).set({ createdAt: berlinAt(addDays(TOMORROW, 1), 9).toISOString() }).where(eq(followUps.id, again)).run();
    expect(runDigests(connection.db, ctx(), berlinAt(addDays(TOMORROW, 2), 8))).toEqual({ mails: 0, changes: 0 });
  });

  it('orders the digest by conference, meeting and TOP, and under each by date, not in the order things were recorded', () => {
    const viewer = { userId: rita, role: 'land' as const, land: 'BY', conferenceIds: [] };
    const gmk = store('GMK', '5.12', [demand('1', ['bund'], null), demand('2', ['bund'], null)]);
    const gmkEarlier = store('GMK', '5.2', [demand('1', ['bund'], null)]);
    // watched in another order than the archive's: the newest watch first would be the list's order
    setWatch(connection.db, TEST_ACTOR, viewer, gmk, true);
    setWatch(connection.db, TEST_ACTOR, viewer, gmkEarlier, true, demandId(gmkEarlier, '1'));
    const on = (resolutionId: number, number: string | null, date: string, summary: string) =>
      recordFollowUp(connection.db, TEST_ACTOR, {
        resolutionId,
        demandId: number === null ? null : demandId(resolutionId, number),
        date,
        actor: 'BMG',
        kind: 'response',
        summary,
        link: null,
        resultingStatus: null,
        visibility: 'public',
      });
    // recorded in this order; dated otherwise
    on(gmk, '2', '2026-11-20', 'GMK 5.12 Ziffer 2 vom November.');
    on(r1, '1', '2026-12-02', 'IntMK 1 vom Dezember.');
    on(gmk, '1', '2026-11-03', 'GMK 5.12 Ziffer 1 vom Anfang November.');
    on(gmkEarlier, '1', '2026-10-15', 'GMK 5.2 vom Oktober.');
    on(r1, null, '2026-09-10', 'IntMK 1 vom September.');
    on(gmk, null, '2026-11-20', 'GMK 5.12 gesamt, am selben Tag danach erfasst.');
    expect(runDigests(connection.db, ctx(), MORNING)).toEqual({ mails: 1, changes: 6 });
    const text = outbox('digest')[0]!.textBody;
    const at = (needle: string) => {
      const index = text.indexOf(needle);
      expect(index, needle).toBeGreaterThan(-1);
      return index;
    };
    // GMK before IntMK; TOP 5.2 before 5.12 (a Ziffer watched alone stands at its TOP)
    const headings = ['30. GMK 2025, TOP 5.2, Ziffer 1:', '30. GMK 2025, TOP 5.12:', '30. IntMK 2025, TOP 1:'].map(at);
    expect(headings).toEqual([...headings].sort((a, b) => a - b));
    const lines = [
      'GMK 5.2 vom Oktober.',
      'GMK 5.12 Ziffer 1 vom Anfang November.',
      'GMK 5.12 Ziffer 2 vom November.',
      'GMK 5.12 gesamt, am selben Tag danach erfasst.',
      'IntMK 1 vom September.',
      'IntMK 1 vom Dezember.',
    ].map(at);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it("leaves out what the reader's own Land recorded, and what the reader recorded: that is no news to it", async () => {
    await createUser(connection.db, TEST_ACTOR, { email: 'kollege@by.example', name: 'Karl Kollege', role: 'land', land: 'BY', password: PASSWORD });
    const by = (email: string) => ({ userId: userId(email), name: email });
    const byLand = (actor: { userId: number | null; name: string }, land: string, summary: string, kind: 'assessment' | 'note' = 'assessment') =>
      recordFollowUp(connection.db, actor, {
        resolutionId: r1, demandId: demandId(r1, '1'), date: '2026-01-20', actor: land, kind, summary, link: null, resultingStatus: kind === 'assessment' ? 'partial' : null, visibility: 'internal',
      });
    byLand(by('ref@by.example'), 'BY', 'Bayern hält Ziffer 1 für teilweise umgesetzt (von Rita).');
    byLand(by('kollege@by.example'), 'BY', 'Bayern: Notiz des Kollegen.', 'note');
    byLand(TEST_ACTOR, 'BY', 'Bewertung Bayerns, von der Geschäftsstelle eingetragen.');
    byLand(by('ref@be.example'), 'BE', 'Berlin hält Ziffer 1 für teilweise umgesetzt.');
    followUp('Der Bund prüft die Aufstockung.', { demand: '2' });
    // Berlin watches the same TOP: Bayern's assessments are news to Berlin, Berlin's own are not
    setWatch(connection.db, TEST_ACTOR, { userId: userId('ref@be.example'), role: 'land', land: 'BE', conferenceIds: [] }, r1, true);
    connection.db.update(followUps).set({ createdAt: new Date(Date.now() + 60_000).toISOString() }).run();
    expect(runDigests(connection.db, ctx(), MORNING)).toEqual({ mails: 2, changes: 2 + 4 });
    const mailTo = (recipient: string) => outbox('digest').find((mail) => mail.recipient === recipient)!.textBody;
    const rita = mailTo('ref@by.example');
    expect(rita).toContain('Berlin hält Ziffer 1 für teilweise umgesetzt.');
    expect(rita).toContain('Der Bund prüft die Aufstockung.');
    for (const own of ['Bayern hält', 'Bayern: Notiz', 'Bewertung Bayerns']) expect(rita).not.toContain(own);
    const bernd = mailTo('ref@be.example');
    expect(bernd).toContain('Bayern hält Ziffer 1 für teilweise umgesetzt (von Rita).');
    expect(bernd).toContain('Bayern: Notiz des Kollegen.');
    expect(bernd).toContain('Bewertung Bayerns, von der Geschäftsstelle eingetragen.');
    expect(bernd).toContain('Der Bund prüft die Aufstockung.');
    expect(bernd).not.toContain('Berlin hält');
  });

  it('says in the text and in the HTML part that what the Land or the account recorded itself is left out', async () => {
    await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle IntMK', role: 'secretariat', conferenceIds: [conferenceId('IntMK')], password: PASSWORD });
    setWatch(connection.db, TEST_ACTOR, { userId: userId('gs@intmk.example'), role: 'secretariat', land: null, conferenceIds: [conferenceId('IntMK')] }, r1, true);
    followUp('Der Bund prüft die Aufstockung.', { demand: '2' });
    expect(runDigests(connection.db, ctx(), MORNING)).toEqual({ mails: 2, changes: 2 });
    await deliverAt(MORNING);
    const mailTo = (recipient: string) => smtp.received.find((mail) => mail.envelopeTo.includes(recipient))!;
    const rita = mailTo('ref@by.example');
    const land = 'Nicht aufgeführt ist, was Sie selbst oder andere für Bayern erfasst haben (Bewertungen und Notizen): Das ist für Sie nicht neu.';
    expect(rita.text).toContain(land);
    expect(rita.html).toContain(`<p>${land} Den Umsetzungsstand, den es setzt, zeigt die Merkliste.</p>`);
    const secretariat = mailTo('gs@intmk.example');
    const own = 'Nicht aufgeführt ist, was Sie selbst erfasst haben: Das ist für Sie nicht neu.';
    expect(secretariat.text).toContain(own);
    expect(secretariat.html).toContain(own);
    expect(secretariat.text).not.toContain('für Bayern');
  });

  it('links each watched TOP and Ziffer to its page, in the text and in the HTML part', async () => {
    setWatch(connection.db, TEST_ACTOR, { userId: rita, role: 'land', land: 'BY', conferenceIds: [] }, r1, true, demandId(r1, '2'));
    setWatch(connection.db, TEST_ACTOR, { userId: rita, role: 'land', land: 'BY', conferenceIds: [] }, r1, false);
    followUp('Der Bund prüft die Aufstockung.', { demand: '2' });
    expect(runDigests(connection.db, ctx(), MORNING)).toEqual({ mails: 1, changes: 1 });
    await deliverAt(MORNING);
    const [mail] = smtp.received;
    const url = `${PUBLIC_URL}/intmk/30/top/1#ziffer-2`;
    expect(mail!.text).toContain(`30. IntMK 2025, TOP 1, Ziffer 2: Bericht zu TOP 1\n- 15.01.2026, Ziffer 2: Stellungnahme des Bundes · BMI – Der Bund prüft die Aufstockung.\nZum Beschluss: ${url}\n`);
    expect(mail!.html).toContain(`<p><a href="${url}">Zum Beschluss</a></p>`);
  });

  it('tells a follow-up on a Ziffer watched alone and with its whole TOP once, and counts it once', async () => {
    setWatch(connection.db, TEST_ACTOR, { userId: rita, role: 'land', land: 'BY', conferenceIds: [] }, r1, true, demandId(r1, '2'));
    followUp('Der Bund prüft die Aufstockung.', { demand: '2', status: 'in_progress' });
    expect(runDigests(connection.db, ctx(), MORNING)).toEqual({ mails: 1, changes: 1 });
    await deliverAt(MORNING);
    const [mail] = smtp.received;
    expect(mail!.subject).toBe('Merkliste: 1 neue Folgemaßnahme');
    expect(mail!.text.split('Der Bund prüft die Aufstockung.')).toHaveLength(2);
    expect(mail!.html.split('Der Bund prüft die Aufstockung.')).toHaveLength(2);
  });
});

describe('mail preferences on /merkliste', () => {
  beforeEach(async () => {
    await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'Rita Referentin', role: 'land', land: 'BY', password: PASSWORD });
  });

  it('shows the choices and saves them', async () => {
    const cookies = await loginAs(app, 'ref@by.example', PASSWORD);
    const { token, page } = await verifyCsrfPage(app, '/merkliste', cookies);
    expect(page.body).toContain('Benachrichtigungen per E-Mail');
    expect(page.body).toMatch(/id="mail-digest-weekly" name="digest" type="radio" value="weekly" checked/);
    expect(page.body).toMatch(/id="mail-reminders" name="reminders" type="checkbox" value="on" checked/);
    const saved = await app.inject({ method: 'POST', url: '/merkliste/benachrichtigungen', cookies, payload: { _csrf: token, digest: 'daily', passwordReset: 'on' } });
    // Post/Redirect/Get: the confirmation is a page of its own, a reload does not post again
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/merkliste?gespeichert#benachrichtigungen');
    const confirmed = await app.inject({ method: 'GET', url: '/merkliste?gespeichert', cookies });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Ihre Einstellungen für E-Mails sind gespeichert.');
    expect(confirmed.body).toMatch(/value="daily" checked/);
    const plain = await app.inject({ method: 'GET', url: '/merkliste', cookies });
    expect(plain.body).not.toContain('Ihre Einstellungen für E-Mails sind gespeichert.');
    expect(mailPreferencesOf(connection.db, userId('ref@by.example'))).toEqual({ reminders: false, digest: 'daily', passwordReset: true });
  });

  it('refuses what the form cannot send with a German message and changes nothing', async () => {
    const cookies = await loginAs(app, 'ref@by.example', PASSWORD);
    const { token } = await verifyCsrfPage(app, '/merkliste', cookies);
    // a watched resolution: the list the refusal shows again is not marked as seen
    const watched = store('IntMK', '1', [demand('1', ['bund'], null)]);
    setWatch(connection.db, TEST_ACTOR, { userId: userId('ref@by.example'), role: 'land', land: 'BY', conferenceIds: [] }, watched, true);
    recordFollowUp(connection.db, TEST_ACTOR, { resolutionId: watched, demandId: null, date: '2026-01-15', actor: 'BMI', kind: 'response', summary: 'Neu', link: null, resultingStatus: null, visibility: 'public' });
    connection.sqlite.prepare('update watches set seen_follow_up_id = 0').run();
    for (const payload of [{ digest: 'monthly' }, { digest: 'daily', reminders: 'yes' }, {}]) {
      const response = await app.inject({ method: 'POST', url: '/merkliste/benachrichtigungen', cookies, payload: { _csrf: token, ...payload } });
      expect(response.statusCode, JSON.stringify(payload)).toBe(422);
      expect(response.body).toContain('Diese Auswahl gibt es nicht');
      expect(response.body).toContain('Bericht zu TOP 1');
    }
    expect(connection.db.select().from(mailPreferences).all()).toEqual([]);
    expect(connection.sqlite.prepare('select seen_follow_up_id from watches').pluck().all()).toEqual([0]);
    const withoutToken = await app.inject({ method: 'POST', url: '/merkliste/benachrichtigungen', cookies, payload: { digest: 'off' } });
    expect(withoutToken.statusCode).toBe(403);
    expect(connection.db.select().from(mailPreferences).all()).toEqual([]);
  });
});

describe('unsubscribing without logging in', () => {
  let rita: number;
  beforeEach(async () => {
    await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'Rita Referentin', role: 'land', land: 'BY', password: PASSWORD });
    rita = userId('ref@by.example');
  });

  it('asks when the link is opened and switches exactly that kind off for exactly that user when confirmed', async () => {
    const path = `/abbestellen/${unsubscribeToken(connection.db, rita, 'digest')}`;
    const page = await app.inject(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Möchten Sie für das Konto ref@by.example keine Zusammenfassungen Ihrer Merkliste mehr erhalten?');
    expect(mailPreferencesOf(connection.db, rita).digest).toBe('weekly'); // opening changes nothing (mail scanners open links)
    const done = await app.inject({ method: 'POST', url: path, headers: FORM, payload: '' }); // the page's button: an empty form
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Sie erhalten für das Konto ref@by.example keine Zusammenfassungen Ihrer Merkliste mehr.');
    expect(mailPreferencesOf(connection.db, rita)).toEqual({ reminders: true, digest: 'off', passwordReset: true });
  });

  it('takes the one-click post of a mail program (RFC 8058)', async () => {
    const path = `/abbestellen/${unsubscribeToken(connection.db, rita, 'reminders')}`;
    const response = await app.inject({ method: 'POST', url: path, headers: FORM, payload: 'List-Unsubscribe=One-Click' });
    expect(response.statusCode).toBe(200);
    expect(mailPreferencesOf(connection.db, rita).reminders).toBe(false);
  });

  it('changes nothing for a forged, altered or garbled link', async () => {
    const good = unsubscribeToken(connection.db, rita, 'reminders');
    const [id, kind, signature] = good.split('.') as [string, string, string];
    await createUser(connection.db, TEST_ACTOR, { email: 'ref@be.example', name: 'Bernd', role: 'land', land: 'BE', password: PASSWORD });
    const forged = [
      `${userId('ref@be.example')}.${kind}.${signature}`, // another user with this signature
      `${id}.d.${signature}`, // another kind
      `${id}.${kind}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      `${id}.${kind}`,
      'x'.repeat(100),
      '99999.r.' + signature,
    ];
    for (const token of forged) {
      const opened = await app.inject(`/abbestellen/${encodeURIComponent(token)}`);
      expect(opened.statusCode, token).toBe(404);
      expect(opened.body).toContain('Dieser Link zum Abbestellen der E-Mails ist ungültig');
      // "Abmelden" in the header logs out: the page never calls this link an "Abmeldelink"
      expect(opened.body).not.toMatch(/Abmeldelink/i);
      expect(opened.body).toContain('<title>Link zum Abbestellen der E-Mails ungültig');
      const posted = await app.inject({ method: 'POST', url: `/abbestellen/${encodeURIComponent(token)}`, headers: FORM, payload: 'List-Unsubscribe=One-Click' });
      expect(posted.statusCode, token).toBe(404);
    }
    expect(connection.db.select().from(mailPreferences).all()).toEqual([]);
  });

  it('a reset link switched off: "Passwort vergessen?" mails nothing for this account', async () => {
    await app.inject({ method: 'POST', url: `/abbestellen/${unsubscribeToken(connection.db, rita, 'passwordReset')}`, headers: FORM, payload: '' });
    const { token, cookies } = await verifyCsrfPage(app, '/passwort-vergessen');
    const answer = await app.inject({ method: 'POST', url: '/passwort-vergessen', cookies, payload: { email: 'ref@by.example', _csrf: token } });
    expect(answer.statusCode).toBe(200);
    const report = await app.mail.runJobs();
    expect(report.resetRequests).toEqual({ mailed: 0, ignored: 1 });
    expect(smtp.received).toEqual([]);
  });
});
