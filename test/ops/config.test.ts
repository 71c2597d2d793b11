/** The configuration from the environment: defaults, conversions, and a German message for bad values. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const CWD = '/srv/beschlussmonitor';

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env, CWD);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('no ConfigError');
}

describe('loadConfig', () => {
  it('fills in the defaults for an empty environment', () => {
    expect(loadConfig({ PATH: '/usr/bin' }, CWD)).toEqual({
      nodeEnv: 'production',
      host: '127.0.0.1',
      port: 3000,
      dataDir: path.join(CWD, 'data'),
      databasePath: path.join(CWD, 'data', 'beschlussmonitor.db'),
      logLevel: 'info',
      publicUrl: 'http://127.0.0.1:3000',
      pageCache: true,
      pdfPrinting: true,
      loadDemo: true,
      trustProxy: false,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      logFile: null,
      logRetentionDays: 14,
      maxEventLoopDelayMs: 1000,
      minFreeDiskMb: 64,
      rateLimitAllow: [],
      smtpUrl: null,
      mailFrom: 'Beschlussmonitor <beschlussmonitor@localhost>',
      reminderDaysBefore: 14,
      documentMaxBytes: 25 * 1024 * 1024,
      backgroundJobs: true,
    });
  });

  it('converts numbers and booleans and resolves paths against the working directory', () => {
    const config = loadConfig(
      {
        NODE_ENV: 'development',
        HOST: '0.0.0.0',
        PORT: '8080',
        DATA_DIR: 'var',
        DATABASE_PATH: '/data/bm.db',
        LOG_LEVEL: 'warn',
        PAGE_CACHE: 'false',
        PDF_PRINTING: 'false',
        LOAD_DEMO: 'false',
        TRUST_PROXY: '1',
        SESSION_IDLE_MINUTES: '15',
        LOG_FILE: 'logs/requests.log',
        MAX_EVENT_LOOP_DELAY_MS: '0',
      },
      CWD,
    );
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 8080,
      dataDir: path.join(CWD, 'var'),
      databasePath: '/data/bm.db',
      logLevel: 'warn',
      publicUrl: 'http://localhost:8080',
      pageCache: false,
      pdfPrinting: false,
      loadDemo: false,
      trustProxy: 1,
      sessionIdleMinutes: 15,
      logFile: path.join(CWD, 'logs', 'requests.log'),
      maxEventLoopDelayMs: 0,
    });
    expect(loadConfig({ PUBLIC_URL: 'https://beschluesse.example.de' }, CWD).publicUrl).toBe('https://beschluesse.example.de');
  });

  it('reads the mail settings: SMTP server, sender, days before a due date', () => {
    const config = loadConfig(
      { SMTP_URL: 'smtp://bm:geheim@mail.example.de:587', MAIL_FROM: 'Beschlussmonitor <bm@example.de>', REMINDER_DAYS_BEFORE: '7' },
      CWD,
    );
    expect(config).toMatchObject({ smtpUrl: 'smtp://bm:geheim@mail.example.de:587', mailFrom: 'Beschlussmonitor <bm@example.de>', reminderDaysBefore: 7 });
    expect(loadConfig({ SMTP_URL: 'smtps://mail.example.de' }, CWD).smtpUrl).toBe('smtps://mail.example.de');
    expect(loadConfig({ PUBLIC_URL: 'https://beschluesse.example.de' }, CWD).mailFrom).toBe('Beschlussmonitor <beschlussmonitor@beschluesse.example.de>');
    expect(loadConfig({ MAIL_FROM: 'bm@example.de' }, CWD).mailFrom).toBe('bm@example.de');
  });

  it('refuses an SMTP_URL that is not one and a MAIL_FROM that is no address', () => {
    expect(problemsOf({ SMTP_URL: 'mail.example.de' })).toContain('SMTP_URL muss mit smtp:// oder smtps:// beginnen');
    expect(problemsOf({ SMTP_URL: 'http://mail.example.de' })).toContain('SMTP_URL');
    expect(problemsOf({ MAIL_FROM: 'Beschlussmonitor' })).toContain('MAIL_FROM muss eine E-Mail-Adresse sein');
    expect(problemsOf({ MAIL_FROM: 'Name <kein adresse>' })).toContain('MAIL_FROM');
    expect(problemsOf({ REMINDER_DAYS_BEFORE: '0' })).toContain('REMINDER_DAYS_BEFORE');
  });

  it('reads TRUST_PROXY as a hop count or a list of proxies, and refuses "true" and garbage in German', () => {
    expect(loadConfig({}, CWD).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }, CWD).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }, CWD).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8, loopback, ::1' }, CWD).trustProxy).toEqual(['loopback', '127.0.0.1', '10.0.0.0/8', '::1']);
    expect(problemsOf({ TRUST_PROXY: 'true' })).toContain('TRUST_PROXY=true würde jede Absenderangabe');
    expect(problemsOf({ TRUST_PROXY: 'nginx' })).toContain('TRUST_PROXY enthält „nginx“');
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33' })).toContain('TRUST_PROXY');
    expect(problemsOf({ RATE_LIMIT_ALLOW: '1.2.3' })).toContain('RATE_LIMIT_ALLOW');
    expect(loadConfig({ RATE_LIMIT_ALLOW: '192.0.2.1,2001:db8::/32' }, CWD).rateLimitAllow).toEqual(['192.0.2.1', '2001:db8::/32']);
  });

  it('reads the largest document size in MB and refuses one that is none', () => {
    expect(loadConfig({ DOCUMENT_MAX_MB: '5' }, CWD).documentMaxBytes).toBe(5 * 1024 * 1024);
    expect(problemsOf({ DOCUMENT_MAX_MB: '0' })).toContain('DOCUMENT_MAX_MB');
    expect(problemsOf({ DOCUMENT_MAX_MB: 'viel' })).toContain('DOCUMENT_MAX_MB');
  });

  it('names every bad value in German', () => {
    expect(problemsOf({ PORT: 'abc' })).toBe('Ungültige Konfiguration: PORT muss integer sein');
    const message = problemsOf({ PORT: '70000', PAGE_CACHE: 'vielleicht', LOG_LEVEL: 'laut', PUBLIC_URL: 'beschluesse.example.de/', DATA_DIR: '' });
    expect(message).toMatch(/^Ungültige Konfiguration: /);
    for (const name of ['PORT', 'PAGE_CACHE', 'LOG_LEVEL', 'PUBLIC_URL', 'DATA_DIR']) expect(message).toContain(name);
    expect(message).toContain('PORT muss <= 65535 sein');
    expect(message).not.toMatch(/must|should/);
  });
});
