/**
 * E-mail end to end: the server delivers to a real SMTP server started by the e2e setup (which
 * stores each accepted message as a file). An administrator invites a person in the browser;
 * the invitation arrives, its link sets a password; later the person uses "Passwort vergessen?"
 * and the reset arrives and works. Axe on every page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { expectAccessible, openPage, useBrowser } from './browser.js';

const baseUrl = inject('baseUrl');
const admin = inject('admin');
const mailDir = inject('mailDir');

const session = useBrowser();
const seen = new Set<string>();

/** Waits for the next message to `to` with this subject that the SMTP server accepted. */
async function nextMail(to: string, subject: string): Promise<ParsedMail> {
  for (let i = 0; i < 150; i++) {
    for (const file of readdirSync(mailDir).sort()) {
      if (seen.has(file)) continue;
      const mail = await simpleParser(readFileSync(path.join(mailDir, file)));
      const recipients = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
      if (recipients.includes(to) && mail.subject === subject) {
        seen.add(file);
        return mail;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no message "${subject}" to ${to} arrived`);
}

function linkIn(mail: ParsedMail): string {
  const match = new RegExp(`${baseUrl.replace(/[.]/g, '\\.')}/passwort-setzen/[A-Za-z0-9_-]{43}`).exec(mail.text ?? '');
  if (!match) throw new Error(`no link in: ${mail.text}`);
  return match[0];
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto(`${baseUrl}/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL((url) => url.pathname !== '/anmelden');
}

describe('e-mail', () => {
  test('an invitation and a password reset arrive and their links work', async () => {
    const person = { email: 'hanna@hessen.e2e.example', name: 'Hanna Hessen E2E' };
    const { page } = await openPage(session, `${baseUrl}/anmelden`);
    await logIn(page, admin.email, admin.password);

    await page.goto(`${baseUrl}/verwaltung/benutzer/neu`);
    await page.getByLabel('E-Mail-Adresse').fill(person.email);
    await page.getByLabel('Name').fill(person.name);
    await page.getByLabel('Rolle').selectOption('land');
    await page.getByLabel('Land', { exact: true }).selectOption('HE');
    expect(await page.getByLabel('Einladung per E-Mail (empfohlen)').isChecked()).toBe(true);
    await expectAccessible(page, 'user-invite-form');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.waitForURL(/\/verwaltung\/benutzer\?hinweis=eingeladen/);
    expect(await page.locator('main').innerText()).toContain('Die Einladung mit dem Link zum Festlegen des Passworts steht im Postausgang');

    const invitation = await nextMail(person.email, 'Einladung zu Beschlussmonitor');
    expect(invitation.text).toContain(`Guten Tag ${person.name},`);
    expect(typeof invitation.html === 'string' && invitation.html).toContain('Passwort festlegen</a>');
    await page.goto(`${baseUrl}/verwaltung/postausgang`);
    expect(await page.locator('main').innerText()).toContain('gesendet');
    await expectAccessible(page, 'outbox');

    await session.context.clearCookies();
    await page.goto(linkIn(invitation));
    expect(await page.locator('h1').innerText()).toBe('Konto einrichten');
    await expectAccessible(page, 'invitation-set-password');
    const first = 'Hessisches Passwort Nummer eins';
    await page.getByLabel('Neues Passwort', { exact: true }).fill(first);
    await page.getByLabel('Neues Passwort wiederholen').fill(first);
    await page.getByRole('button', { name: 'Passwort festlegen' }).click();
    expect(await page.locator('h1').innerText()).toBe('Konto eingerichtet');
    await expectAccessible(page, 'invitation-done');
    await logIn(page, person.email, first);

    await session.context.clearCookies();
    await page.goto(`${baseUrl}/anmelden`);
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    await expectAccessible(page, 'password-forgotten');
    await page.getByLabel('E-Mail-Adresse').fill(person.email);
    await page.getByRole('button', { name: 'Link anfordern' }).click();
    expect(await page.getByRole('status').innerText()).toContain(`Wenn es ein aktives Konto mit der Adresse ${person.email} gibt`);
    await expectAccessible(page, 'password-forgotten-sent');

    const reset = await nextMail(person.email, 'Neues Passwort für Beschlussmonitor');
    await page.goto(linkIn(reset));
    expect(await page.locator('h1').innerText()).toBe('Neues Passwort festlegen');
    const second = 'Hessisches Passwort Nummer zwei';
    await page.getByLabel('Neues Passwort', { exact: true }).fill(second);
    await page.getByLabel('Neues Passwort wiederholen').fill(second);
    await page.getByRole('button', { name: 'Passwort festlegen' }).click();
    expect(await page.locator('h1').innerText()).toBe('Passwort festgelegt');
    await logIn(page, person.email, second);

    // the link works once
    await page.goto(linkIn(reset));
    expect(await page.locator('h1').innerText()).toBe('Link ungültig oder abgelaufen');
  });
});
