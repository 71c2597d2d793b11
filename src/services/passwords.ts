/**
 * Password hashing with argon2id at the OWASP ASVS 5.0 (Appendix C) minimum: 19 MiB memory,
 * two passes, one lane. Hashes carry their parameters, so raising them later keeps old hashes valid.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Options } from '@node-rs/argon2';
import { translate } from '../i18n.js';

const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, not importable under isolatedModules)

export const PASSWORD_OPTIONS: Options = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

type Argon2 = typeof import('@node-rs/argon2');
let argon2: Promise<Argon2> | undefined;

/** The native argon2 module is loaded at the first login or password change, not at start. */
function loadArgon2(): Promise<Argon2> {
  argon2 ??= import('@node-rs/argon2');
  return argon2;
}

export async function hashPassword(password: string): Promise<string> {
  return (await loadArgon2()).hash(password, PASSWORD_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const { verify } = await loadArgon2();
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash that matches no password, verified when the account does not exist (same timing). */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** A one-time password for new users and resets: 20 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** German problems with a new password; empty when acceptable. */
export function passwordProblems(password: string, context: { email?: string; name?: string } = {}): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(translate('passwordError.tooShort', { min: MIN_PASSWORD_LENGTH }));
  if (password.length > MAX_PASSWORD_LENGTH) problems.push(translate('passwordError.tooLong', { max: MAX_PASSWORD_LENGTH }));
  const lower = password.toLowerCase();
  const localPart = context.email?.toLowerCase().split('@')[0] ?? '';
  // Named in the message: "admin" in "Administration" is not what a reader takes for "the e-mail address".
  if (localPart.length >= 4 && lower.includes(localPart)) problems.push(translate('passwordError.containsEmail', { part: localPart }));
  if (/^(.)\1*$/.test(password)) problems.push(translate('passwordError.oneCharacter'));
  return problems;
}
