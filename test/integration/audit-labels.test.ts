/**
 * The audit log names every action and every changed field in German: what the services write
 * (scanned from their source, so a new action without a name fails here) and what the page shows
 * of a change of a secretariat's conferences (by their short names, not their numbers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { ROOT_DIR } from '../../src/paths.js';
import { actionLabel, auditChanges, auditMode, fieldLabel } from '../../src/routes/admin/audit-view.js';
import { changePassword, createUser, setUserConferences } from '../../src/services/users.js';
import { setMailPreferences } from '../../src/services/mail-preferences.js';
import { formatBerlinDateTime } from '../../src/domain/berlin-time.js';
import { buildTestApp, conferenceIdOf, loginAs, TEST_ACTOR } from '../helpers.js';

/** Every audit(tx, …) call of the application's source: its action literals and the keys of its before and after. */
function auditCalls(): { actions: Set<string>; keys: Set<string> } {
  const actions = new Set<string>();
  const keys = new Set<string>();
  const files = readdirSync(path.join(ROOT_DIR, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  for (const file of files) {
    const source = readFileSync(path.join(ROOT_DIR, 'src', file), 'utf8');
    for (const [call] of source.matchAll(/audit\(tx[^;]*?\);/gs)) {
      for (const [action] of call.matchAll(/action:[^,]*/g)) for (const [, name] of action.matchAll(/'([a-z]+\.[a-zA-Z]+)'/g)) actions.add(name!);
      for (const [, object] of call.matchAll(/(?:before|after): \{([^{}]*)\}/g)) {
        for (const part of object!.split(',')) {
          const key = part.split(':')[0]!.trim();
          if (/^[a-zA-Z]+$/.test(key)) keys.add(key);
        }
      }
    }
  }
  return { actions, keys };
}

/** Bookkeeping fields the log never shows (audit-view.ts HIDDEN). */
const HIDDEN = new Set(['slug', 'version']);

describe('the audit log in German', () => {
  it('has a German name for every action and field the services write', () => {
    const { actions, keys } = auditCalls();
    expect(actions.size).toBeGreaterThan(30);
    expect([...actions].filter((action) => actionLabel(action) === action)).toEqual([]);
    expect([...keys].filter((key) => !HIDDEN.has(key) && fieldLabel(key) === key)).toEqual([]);
  });

  it('names the conferences of a secretariat by their short names', () => {
    const names = { conferences: new Map([[1, 'IntMK'], [2, 'GMK']]) };
    expect(auditChanges({ conferences: [1] }, { conferences: [1, 2] }, names)).toEqual([{ field: 'Konferenzen', before: 'IntMK', after: 'IntMK, GMK' }]);
    // an account created: its conferences by name; a Land's account has none, and an empty value is left out
    expect(auditChanges(null, { email: 'gs@intmk.example', conferenceIds: [1] }, names)).toEqual([
      { field: 'E-Mail-Adresse', before: '–', after: 'gs@intmk.example' },
      { field: 'Konferenzen', before: '–', after: 'IntMK' },
    ]);
    expect(auditChanges(null, { email: 'ref@by.example', conferenceIds: [] }, names).map((row) => row.field)).toEqual(['E-Mail-Adresse']);
  });
});

describe('the audit log page', () => {
  let app: FastifyInstance;
  let connection: Connection;
  const PASSWORD = 'ein langes sicheres Passwort';

  beforeEach(async () => {
    ({ app, connection } = await buildTestApp());
  });
  afterEach(async () => {
    await app.close();
  });

  it('shows a change of conferences with its German name and the conferences by name', async () => {
    const intmk = conferenceIdOf(connection, 'IntMK');
    const gmk = conferenceIdOf(connection, 'GMK');
    await createUser(connection.db, TEST_ACTOR, { email: 'admin@bund.example', name: 'Administration', role: 'admin', password: PASSWORD });
    const { user: { id } } = await createUser(connection.db, TEST_ACTOR, { email: 'gs@bund.example', name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [intmk], password: PASSWORD });
    setUserConferences(connection.db, TEST_ACTOR, id, [intmk, gmk]);
    const cookies = await loginAs(app, 'admin@bund.example', PASSWORD);
    const page = await app.inject({ url: '/verwaltung/protokoll?aktion=user.conferences', cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<option value="user.conferences" selected>Konferenzen geändert</option>');
    expect(page.body).toMatch(/<th scope="row">Konferenzen<\/th><td class="audit-value">IntMK<\/td><td class="audit-value">(GMK, IntMK|IntMK, GMK)<\/td>/);
    const csv = (await app.inject({ url: '/verwaltung/protokoll.csv?aktion=user.conferences', cookies })).body;
    expect(csv).toMatch(/Konferenzen geändert;Benutzerkonto;Geschäftsstelle \(gs@bund\.example\);\d+;"?Konferenzen: IntMK → (GMK, IntMK|IntMK, GMK)/);
  });

  it('says what an event recorded with one value, not as a change from nothing ("– → 1"), and German values', async () => {
    await createUser(connection.db, TEST_ACTOR, { email: 'admin@bund.example', name: 'Administration', role: 'admin', password: PASSWORD });
    const { user } = await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'Rita Referentin', role: 'land', land: 'BY', password: PASSWORD });
    await loginAs(app, 'ref@by.example', PASSWORD); // a session the password change ends
    await changePassword(connection.db, { userId: user.id, name: 'ref@by.example' }, user.id, PASSWORD, `${PASSWORD} neu`);
    setMailPreferences(connection.db, { userId: user.id, name: 'ref@by.example' }, user.id, { digest: 'daily' });
    const cookies = await loginAs(app, 'admin@bund.example', PASSWORD);

    const page = (await app.inject({ url: '/verwaltung/protokoll?aktion=user.password', cookies })).body;
    const details = /<table class="audit-changes">([\s\S]*?)<\/table>/.exec(page)![1]!;
    expect(details).toContain('<thead><tr><th scope="col">Angabe</th><th scope="col">Wert</th></tr></thead>');
    expect(details).toContain('<tr><th scope="row">Dabei beendete Sitzungen des Kontos</th><td class="audit-value">1</td></tr>');
    expect(details).not.toContain('Vorher');
    const csv = (await app.inject({ url: '/verwaltung/protokoll.csv?aktion=user.password', cookies })).body;
    expect(csv).toContain('Passwort geändert;Benutzerkonto;Rita Referentin (ref@by.example);');
    expect(csv).toContain(';Dabei beendete Sitzungen des Kontos: 1;');
    expect(csv).not.toContain('→');

    // a change keeps before and after, each in German
    const preferences = (await app.inject({ url: '/verwaltung/protokoll.csv?aktion=mail.preferences', cookies })).body;
    expect(preferences).toContain('Zusammenfassung der Merkliste: wöchentlich → täglich');
    const preferencesPage = (await app.inject({ url: '/verwaltung/protokoll?aktion=mail.preferences', cookies })).body;
    expect(preferencesPage).toContain('<th scope="col">Vorher</th><th scope="col">Nachher</th>');
    expect(preferencesPage).toContain('<td class="audit-value">wöchentlich</td><td class="audit-value">täglich</td>');
  });

  it('names the reason of a failed login and shows instants in Berlin time', () => {
    expect(auditChanges(null, { email: 'x@example.org', reason: 'password', accountLocked: false })).toEqual([
      { field: 'E-Mail-Adresse', before: '–', after: 'x@example.org' },
      { field: 'Grund', before: '–', after: 'falsches Passwort' },
      { field: 'Konto gesperrt', before: '–', after: 'nein' },
    ]);
    expect(auditMode(null, { sessionsEnded: 1 })).toBe('recorded');
    expect(auditMode({ fileName: 'a.pdf' }, null)).toBe('removed');
    expect(auditMode({ active: true }, { active: false })).toBe('changed');
    expect(auditChanges(null, { expiresAt: '2026-12-14T18:30:00.000Z' })[0]!.after).toBe(formatBerlinDateTime('2026-12-14T18:30:00.000Z'));
    expect(formatBerlinDateTime('2026-12-14T18:30:00.000Z')).toContain('19:30');
  });
});
