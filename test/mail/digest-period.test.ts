/**
 * The watch-list digest says truthfully what period it tells of: a TOP watched only since
 * Wednesday has news since Wednesday, not "in der vergangenen Woche". Run by the app's own mail
 * jobs on a clock of the test's, delivered by the real worker to a real SMTP server in the test
 * process.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { followUps, watches } from '../../db/schema.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { berlinDayStartUtc } from '../../src/domain/berlin-time.js';
import { addDays, formatDateShort, todayIso } from '../../src/domain/dates.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { importDocument } from '../../src/services/import.js';
import { createUser } from '../../src/services/users.js';
import { setWatch } from '../../src/services/watches.js';
import { freshDatabase, seedDocument, TEST_ACTOR } from '../helpers.js';
import { startSmtpServer, type TestSmtpServer } from '../smtp.js';

let app: FastifyInstance;
let connection: Connection;
let smtp: TestSmtpServer;
/** The mail jobs' time. */
let now: Date;

/** Ten o'clock (Berlin) `days` days from the day of the first digest, a day after every row written with the real clock. */
const DAY = addDays(todayIso(), 1);
function at(days: number, hour = 10): Date {
  return new Date(Date.parse(berlinDayStartUtc(addDays(DAY, days))) + hour * 3_600_000);
}

/** TOP 2.12 of the 12th IntMK (the real resolution), and a TOP 2.13 beside it. */
function storeTops(): { top212: number; top213: number } {
  const document = seedDocument();
  const second = { ...document.resolutions[0]!, agendaItem: '2.13', title: 'Sprachkurse für Zugewanderte' };
  const ids = importDocument(connection.db, TEST_ACTOR, { ...document, resolutions: [...document.resolutions, second] }, { source: 'Test', release: 'public', releasedOn: '2017-04-01' }).items.map((item) => item.id);
  return { top212: ids[0]!, top213: ids[1]! };
}

let rita: number;
async function watchSince(resolutionId: number, since: Date): Promise<void> {
  setWatch(connection.db, TEST_ACTOR, { userId: rita, role: 'land', land: 'BY', conferenceIds: [] }, resolutionId, true);
  connection.db.update(watches).set({ createdAt: since.toISOString() }).where(eq(watches.resolutionId, resolutionId)).run();
}

function followUp(resolutionId: number, summary: string, recordedAt: Date): void {
  const id = recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: null, date: '2026-01-15', actor: 'BMI', kind: 'response', summary, link: null, resultingStatus: null, visibility: 'public' });
  connection.db.update(followUps).set({ createdAt: recordedAt.toISOString() }).where(eq(followUps.id, id)).run();
}

/** Runs the mail jobs at `when` and returns the digests the SMTP server received in that run. */
async function digestsAt(when: Date) {
  now = when;
  const before = smtp.received.length;
  const report = await app.mail.runJobs();
  expect(report.delivery?.failed).toBe(0);
  return smtp.received.slice(before);
}

beforeEach(async () => {
  smtp = await startSmtpServer();
  connection = freshDatabase();
  now = at(0, 8);
  app = await buildApp({ config: testConfig({ smtpUrl: smtp.url, publicUrl: 'https://beschluesse.example.de' }), connection, clock: () => now });
  await app.ready();
  rita = (await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'Rita Referentin', role: 'land', land: 'BY', password: 'ein langes sicheres Passwort' })).user.id;
});

afterEach(async () => {
  await app.close();
  connection.close();
  await smtp.close();
});

describe('the period a digest tells of', () => {
  it('is the start of the watch when every TOP in it was watched only since that day', async () => {
    const { top212 } = storeTops();
    await watchSince(top212, at(-2)); // two days before the weekly digest
    followUp(top212, 'Der Bund prüft die Ausweitung der Beratung.', at(-1));
    const [mail] = await digestsAt(at(0, 8));
    const since = formatDateShort(addDays(DAY, -2));
    for (const body of [mail!.text, mail!.html]) {
      expect(body).toContain(`seit Beginn Ihrer Beobachtung am ${since} ist zu den Beschlüssen und Ziffern auf Ihrer Merkliste Folgendes neu erfasst worden.`);
      expect(body).not.toContain('in der vergangenen Woche');
      expect(body).not.toContain('Beobachtet seit');
    }
    expect(mail!.text).toContain('Der Bund prüft die Ausweitung der Beratung.');

    // a week later the watch is older than the week the digest tells of
    followUp(top212, 'Der Bund hat die Mittel erhöht.', at(3));
    const [next] = await digestsAt(at(7, 8));
    expect(next!.text).toContain('in der vergangenen Woche ist zu den Beschlüssen und Ziffern auf Ihrer Merkliste Folgendes neu erfasst worden.');
    expect(next!.text).not.toContain('seit Beginn Ihrer Beobachtung');
    expect(next!.text).toContain('Der Bund hat die Mittel erhöht.');
  });

  it('names the start beside each TOP watched only since a day within the week, and the week for the others', async () => {
    const { top212, top213 } = storeTops();
    await watchSince(top212, at(-30));
    await watchSince(top213, at(-3));
    followUp(top212, 'Stellungnahme zur Beratung.', at(-1));
    followUp(top213, 'Stellungnahme zu den Sprachkursen.', at(-1));
    const [mail] = await digestsAt(at(0, 8));
    const since = formatDateShort(addDays(DAY, -3));
    expect(mail!.text).toContain(
      'in der vergangenen Woche ist zu den Beschlüssen und Ziffern auf Ihrer Merkliste Folgendes neu erfasst worden – bei Einträgen, die Sie erst seitdem beobachten, seit Beginn Ihrer Beobachtung (der Tag steht beim Eintrag).',
    );
    // the note right under the heading of the TOP watched since then, and only there
    expect(mail!.text).toContain(`12. IntMK 2017, TOP 2.13: Sprachkurse für Zugewanderte\nBeobachtet seit ${since}; aufgeführt ist, was seitdem erfasst wurde.\n`);
    expect(mail!.text.match(/Beobachtet seit/g)).toHaveLength(1);
    expect(mail!.text).toMatch(/12\. IntMK 2017, TOP 2\.12: Ausbau und Öffnung der Migrationsberatung\n- /);
    expect(mail!.html).toContain(`Sprachkurse für Zugewanderte</h2>\n<p>Beobachtet seit ${since}; aufgeführt ist, was seitdem erfasst wurde.</p>`);
  });

  it('names each start when all TOPs were watched only since different days', async () => {
    const { top212, top213 } = storeTops();
    await watchSince(top212, at(-5));
    await watchSince(top213, at(-3));
    followUp(top212, 'Stellungnahme zur Beratung.', at(-1));
    followUp(top213, 'Stellungnahme zu den Sprachkursen.', at(-1));
    const [mail] = await digestsAt(at(0, 8));
    expect(mail!.text).toContain('seit Beginn Ihrer Beobachtung (der Tag steht bei jedem Eintrag) ist zu den Beschlüssen und Ziffern auf Ihrer Merkliste Folgendes neu erfasst worden.');
    expect(mail!.text).toContain(`Beobachtet seit ${formatDateShort(addDays(DAY, -5))};`);
    expect(mail!.text).toContain(`Beobachtet seit ${formatDateShort(addDays(DAY, -3))};`);
    expect(mail!.text).not.toContain('in der vergangenen Woche');
  });
});
