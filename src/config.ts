/**
 * Configuration: read from the environment once, validated, then passed in. Nothing else in the
 * code reads process.env.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Locale } from 'typebox/system';
import Value from 'typebox/value';
import { translate } from './i18n.js';

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  databasePath: string;
  logLevel: string;
  /** The address under which the public reaches the archive, for citations and feeds. */
  publicUrl: string;
  /** Keep rendered public pages in memory (invalidated by every write). */
  pageCache: boolean;
  /** PDF downloads printed by Chromium (where /usr/bin/chromium exists); false: none are offered. */
  pdfPrinting: boolean;
  /** Load the demo archive into an empty database on first start. */
  loadDemo: boolean;
  /**
   * The reverse proxies whose X-Forwarded-For / -Proto are believed: false (none), the number of
   * proxies in front of the app (hops), or their addresses. Never "everybody".
   */
  trustProxy: false | number | string[];
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** A request-log file the operator configured (for `npm run maintenance`); null: logs go to stdout. */
  logFile: string | null;
  /** Request logs (with IP addresses) older than this many days are truncated by `npm run maintenance`. */
  logRetentionDays: number;
  /** Client addresses exempt from the request limits (routes/rate-limits.ts). */
  rateLimitAllow: string[];
  /** /readyz reports "not ready" when the database's file system has less room than this (MiB). */
  minFreeDiskMb: number;
  /** Above this mean event-loop delay (ms) requests are answered 503 with Retry-After; 0 switches the check off. */
  maxEventLoopDelayMs: number;
  /** The SMTP server the mail worker delivers through (smtp:// or smtps://); null: mail stays in the outbox. */
  smtpUrl: string | null;
  /** The sender of every message ("Name <address>" or an address). */
  mailFrom: string;
  /** Reporting-request reminders go out this many days before the due date. */
  reminderDaysBefore: number;
  /** Documents uploaded with follow-ups may be this large (bytes). */
  documentMaxBytes: number;
  /**
   * Timers of the server process (mail delivery, reminders, digests). Off in tests, which drive
   * the same work step by step with a clock of their own.
   */
  backgroundJobs: boolean;
}

/**
 * The environment variables, as TypeBox (the schema library of the routes): defaults filled in,
 * strings converted to numbers and booleans, then checked. TypeBox rather than env-schema's own
 * Ajv instance: setting that up and compiling this one schema took about 100 ms of every start.
 */
const EnvSchema = Type.Object({
  NODE_ENV: Type.Enum(['development', 'production', 'test'], { default: 'production' }),
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  DATA_DIR: Type.String({ minLength: 1, default: 'data' }),
  DATABASE_PATH: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/]+$' })),
  PAGE_CACHE: Type.Boolean({ default: true }),
  PDF_PRINTING: Type.Boolean({ default: true }),
  LOAD_DEMO: Type.Boolean({ default: true }),
  TRUST_PROXY: Type.String({ default: 'false', maxLength: 4000 }),
  SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, default: 30 }),
  SESSION_ABSOLUTE_HOURS: Type.Integer({ minimum: 1, default: 12 }),
  LOG_FILE: Type.Optional(Type.String({ minLength: 1 })),
  LOG_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 14 }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 1000 }),
  MIN_FREE_DISK_MB: Type.Integer({ minimum: 0, default: 64 }),
  RATE_LIMIT_ALLOW: Type.String({ default: '', maxLength: 4000 }),
  SMTP_URL: Type.Optional(Type.String({ minLength: 1 })),
  MAIL_FROM: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
  REMINDER_DAYS_BEFORE: Type.Integer({ minimum: 1, maximum: 365, default: 14 }),
  DOCUMENT_MAX_MB: Type.Integer({ minimum: 1, maximum: 500, default: 25 }),
});

type RawEnv = Static<typeof EnvSchema>;

/** The environment variables the application reads, with their defaults (docs/operations.md lists them). */
export const ENVIRONMENT_DEFAULTS: Readonly<Record<string, unknown>> = Object.fromEntries(
  Object.entries(EnvSchema.properties).map(([name, schema]) => [name, (schema as { default?: unknown }).default]),
);

function defaultPublicUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::') return `http://localhost:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

/** The address part of "Name <address>" or a bare address; null when it is not an address. */
function mailAddress(value: string): string | null {
  const match = /^(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))$/.exec(value.trim());
  const address = match?.[1] ?? match?.[2] ?? '';
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : null;
}

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The default sender: the public address's host name (or localhost for an IP address). */
function defaultMailFrom(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  const domain = /^[\d.]+$|^\[/.test(host) ? 'localhost' : host;
  return `Beschlussmonitor <beschlussmonitor@${domain}>`;
}

export class ConfigError extends Error {}

/** Names proxy-addr knows for address ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: "false" (default), the number of proxies in front of the app ("1" for one nginx),
 * or the proxies' addresses ("127.0.0.1", "10.0.0.0/8, loopback"). "true" would believe every
 * X-Forwarded-For a client sends — a forged address to the throttling and the audit log — and is
 * refused.
 */
function trustedProxies(value: string): false | number | string[] {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') {
    throw new ConfigError(translate('cli.config.trustProxyTrue'));
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new ConfigError(translate('cli.config.trustProxyTooMany'));
    return hops;
  }
  const items = text.split(',').map((item) => item.trim()).filter(Boolean);
  return [...items.filter((item) => RANGE_NAMES.has(item)), ...addressList(items.filter((item) => !RANGE_NAMES.has(item)).join(','), 'TRUST_PROXY')];
}

/** A comma-separated list of IP addresses (or CIDR ranges); ConfigError naming the variable otherwise. */
function addressList(value: string, name: string): string[] {
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  for (const item of items) {
    const [address, bits, ...rest] = item.split('/');
    const prefix = bits === undefined ? null : Number(bits);
    const version = isIP(address ?? '');
    const maxBits = version === 6 ? 128 : 32;
    if (rest.length > 0 || version === 0 || (prefix !== null && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= maxBits))) {
      throw new ConfigError(translate('cli.config.addressList', { name, item }));
    }
  }
  return items;
}

/** The environment's values for the schema's variables, checked; a German message for each problem. */
function readEnv(env: NodeJS.ProcessEnv): RawEnv {
  const given = Object.fromEntries(Object.keys(EnvSchema.properties).flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
  const values = Value.Convert(EnvSchema, Value.Default(EnvSchema, given));
  // TypeBox's messages in German; the locale is global, so only for this check.
  Locale.Set(Locale.de_DE);
  let problems;
  try {
    problems = [...Value.Errors(EnvSchema, values)];
  } finally {
    Locale.Reset();
  }
  if (problems.length > 0) {
    const messages = problems.map((problem) => `${problem.instancePath.slice(1)} ${problem.message}`);
    throw new ConfigError(translate('cli.config.invalid', { problems: [...new Set(messages)].join('; ') }));
  }
  return values as RawEnv;
}

/** Reads and validates the environment; throws ConfigError with a German message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const raw = readEnv(env);
  const dataDir = path.resolve(cwd, raw.DATA_DIR);
  const publicUrl = raw.PUBLIC_URL ?? defaultPublicUrl(raw.HOST, raw.PORT);
  if (raw.SMTP_URL !== undefined && !isSmtpUrl(raw.SMTP_URL)) {
    throw new ConfigError(translate('cli.config.smtpUrl'));
  }
  if (raw.MAIL_FROM !== undefined && mailAddress(raw.MAIL_FROM) === null) {
    throw new ConfigError(translate('cli.config.mailFrom'));
  }
  return {
    nodeEnv: raw.NODE_ENV,
    host: raw.HOST,
    port: raw.PORT,
    dataDir,
    databasePath: raw.DATABASE_PATH
      ? path.resolve(cwd, raw.DATABASE_PATH)
      : path.join(dataDir, 'beschlussmonitor.db'),
    logLevel: raw.LOG_LEVEL,
    publicUrl,
    pageCache: raw.PAGE_CACHE,
    pdfPrinting: raw.PDF_PRINTING,
    loadDemo: raw.LOAD_DEMO,
    trustProxy: trustedProxies(raw.TRUST_PROXY),
    sessionIdleMinutes: raw.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: raw.SESSION_ABSOLUTE_HOURS,
    logFile: raw.LOG_FILE ? path.resolve(cwd, raw.LOG_FILE) : null,
    logRetentionDays: raw.LOG_RETENTION_DAYS,
    maxEventLoopDelayMs: raw.MAX_EVENT_LOOP_DELAY_MS,
    minFreeDiskMb: raw.MIN_FREE_DISK_MB,
    rateLimitAllow: addressList(raw.RATE_LIMIT_ALLOW, 'RATE_LIMIT_ALLOW'),
    smtpUrl: raw.SMTP_URL ?? null,
    mailFrom: raw.MAIL_FROM?.trim() ?? defaultMailFrom(publicUrl),
    reminderDaysBefore: raw.REMINDER_DAYS_BEFORE,
    documentMaxBytes: raw.DOCUMENT_MAX_MB * 1024 * 1024,
    backgroundJobs: true,
  };
}

/** A configuration for tests: in-memory database, no demo data unless asked for. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    nodeEnv: 'test',
    host: '127.0.0.1',
    port: 0,
    dataDir: ':memory:',
    databasePath: ':memory:',
    logLevel: 'silent',
    publicUrl: 'http://localhost:3000',
    pageCache: true,
    pdfPrinting: true,
    loadDemo: false,
    trustProxy: false,
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 12,
    logFile: null,
    logRetentionDays: 14,
    // Off in tests: a test's own set-up (loading the demo, hashing passwords) blocks the loop on
    // a busy CI machine, and the next request would be refused as if the server were overloaded.
    // test/ops/health.test.ts switches it on.
    maxEventLoopDelayMs: 0,
    minFreeDiskMb: 0,
    rateLimitAllow: [],
    smtpUrl: null,
    mailFrom: 'Beschlussmonitor <beschlussmonitor@localhost>',
    reminderDaysBefore: 14,
    documentMaxBytes: 25 * 1024 * 1024,
    backgroundJobs: false,
    ...overrides,
  };
}
