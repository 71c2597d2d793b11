/**
 * The rules for a new password, as the person choosing it reads them.
 */
import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../src/services/passwords.js';

describe('passwordProblems', () => {
  it('names the part of the e-mail address a refused password contains, also inside a word', () => {
    // "Administration" contains "admin", the local part of admin@example.org: the message says so,
    // instead of claiming the password contained the e-mail address
    expect(passwordProblems('Administration-Konto-2026', { email: 'admin@example.org' })).toEqual([
      'Das Passwort darf den Teil der E-Mail-Adresse vor dem @ („admin“) nicht enthalten, auch nicht als Teil eines Wortes.',
    ]);
    expect(passwordProblems('Verwaltung-Konto-2026', { email: 'admin@example.org' })).toEqual([]);
  });

  it('ignores a local part shorter than four characters', () => {
    expect(passwordProblems('ein langer Satz mit ref darin', { email: 'ref@by.example' })).toEqual([]);
  });
});
