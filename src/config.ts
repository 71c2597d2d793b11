/**
 * Configuration: read from the environment once, validated, then passed in. Nothing else in the
 * code reads process.env.
 */
import path from 'node:path';
import envSchema from 'env-schema';

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
  /** Load the demo archive into an empty database on first start. */
  loadDemo: boolean;
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** A request-log file the operator configured (for `npm run maintenance`); null: logs go to stdout. */
  logFile: string | null;
  /** Request logs (with IP addresses) older than this many days are truncated by `npm run maintenance`. */
  logRetentionDays: number;
  /** Above this mean event-loop delay (ms) requests are answered 503 with Retry-After; 0 switches the check off. */
  maxEventLoopDelayMs: number;
}

interface RawEnv {
  NODE_ENV: 'development' | 'production' | 'test';
  HOST: string;
  PORT: number;
  DATA_DIR: string;
  DATABASE_PATH?: string;
  LOG_LEVEL: string;
  PUBLIC_URL?: string;
  PAGE_CACHE: boolean;
  LOAD_DEMO: boolean;
  TRUST_PROXY: boolean;
  SESSION_IDLE_MINUTES: number;
  SESSION_ABSOLUTE_HOURS: number;
  LOG_FILE?: string;
  LOG_RETENTION_DAYS: number;
  MAX_EVENT_LOOP_DELAY_MS: number;
}

const schema = {
  type: 'object',
  required: [],
  properties: {
    NODE_ENV: { type: 'string', enum: ['development', 'production', 'test'], default: 'production' },
    HOST: { type: 'string', default: '127.0.0.1' },
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
    DATA_DIR: { type: 'string', minLength: 1, default: 'data' },
    DATABASE_PATH: { type: 'string', minLength: 1 },
    LOG_LEVEL: {
      type: 'string',
      enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
    },
    PUBLIC_URL: { type: 'string', pattern: '^https?://[^/]+$' },
    PAGE_CACHE: { type: 'boolean', default: true },
    LOAD_DEMO: { type: 'boolean', default: true },
    TRUST_PROXY: { type: 'boolean', default: false },
    SESSION_IDLE_MINUTES: { type: 'integer', minimum: 1, default: 30 },
    SESSION_ABSOLUTE_HOURS: { type: 'integer', minimum: 1, default: 12 },
    LOG_FILE: { type: 'string', minLength: 1 },
    LOG_RETENTION_DAYS: { type: 'integer', minimum: 1, maximum: 3650, default: 14 },
    MAX_EVENT_LOOP_DELAY_MS: { type: 'integer', minimum: 0, default: 1000 },
  },
} as const;

function defaultPublicUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::') return `http://localhost:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws ConfigError with a German message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  let raw: RawEnv;
  try {
    raw = envSchema<RawEnv>({ schema, data: { ...env }, env: false, dotenv: false });
  } catch (error) {
    throw new ConfigError(`Ungültige Konfiguration: ${(error as Error).message}`);
  }
  const dataDir = path.resolve(cwd, raw.DATA_DIR);
  return {
    nodeEnv: raw.NODE_ENV,
    host: raw.HOST,
    port: raw.PORT,
    dataDir,
    databasePath: raw.DATABASE_PATH
      ? path.resolve(cwd, raw.DATABASE_PATH)
      : path.join(dataDir, 'beschlussmonitor.db'),
    logLevel: raw.LOG_LEVEL,
    publicUrl: raw.PUBLIC_URL ?? defaultPublicUrl(raw.HOST, raw.PORT),
    pageCache: raw.PAGE_CACHE,
    loadDemo: raw.LOAD_DEMO,
    trustProxy: raw.TRUST_PROXY,
    sessionIdleMinutes: raw.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: raw.SESSION_ABSOLUTE_HOURS,
    logFile: raw.LOG_FILE ? path.resolve(cwd, raw.LOG_FILE) : null,
    logRetentionDays: raw.LOG_RETENTION_DAYS,
    maxEventLoopDelayMs: raw.MAX_EVENT_LOOP_DELAY_MS,
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
    ...overrides,
  };
}
