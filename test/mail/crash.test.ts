/**
 * Exactly once across crashes: the real server process (src/server.ts) delivers the outbox to an
 * SMTP server in this process and is killed with SIGKILL at three moments — after the commit
 * while it connects, in the middle of the SMTP dialogue, and after the SMTP server has the whole
 * message but before the server's acceptance reached the worker. It is then started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { MIGRATIONS_DIR, ROOT_DIR } from '../../src/paths.js';
import { renderMail } from '../../src/domain/mail-message.js';
import { enqueueMail } from '../../src/services/outbox.js';
import { startSmtpServer, type TestSmtpServer } from '../smtp.js';

const root = mkdtempSync(path.join(tmpdir(), 'bm-mail-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A gate a hook waits at until the test opens it; `reached` resolves when a client arrives. */
function gate() {
  let open!: () => void;
  let arrive!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  return {
    wait: () => {
      arrive();
      return opened;
    },
    reached,
    open,
  };
}

let dataDir: string;
let smtp: TestSmtpServer;
let server: ChildProcess | null = null;
let output = '';

function startServer(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'server.ts')], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      LOAD_DEMO: 'false',
      LOG_LEVEL: 'warn',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Beschlussmonitor <bm@example.org>',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server = child;
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function kill(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await exited(child);
  expect(child.signalCode).toBe('SIGKILL');
}

function databaseFile() {
  return path.join(dataDir, 'beschlussmonitor.db');
}

/** The committed change that causes a message: here the outbox row alone, written by the service. */
function commitMessage(): { id: number; messageId: string } {
  const connection = openDatabase(databaseFile(), MIGRATIONS_DIR);
  try {
    const id = connection.db.transaction((tx) =>
      enqueueMail(
        tx,
        {
          kind: 'reminder',
          recipient: 'gs@intmk.example',
          userId: null,
          message: renderMail({
            subject: 'Berichtsauftrag fällig',
            greeting: 'Guten Tag,',
            paragraphs: ['ein Bericht ist fällig.'],
            link: { label: 'Zum Beschluss', url: 'http://localhost:3000/intmk/12/top/2.12' },
            closing: 'Ihr Beschlussmonitor',
            footer: [],
          }),
        },
        'example.org',
      ),
    );
    const messageId = connection.sqlite.prepare('select message_id from mail_outbox where id = ?').pluck().get(id) as string;
    return { id, messageId };
  } finally {
    connection.close();
  }
}

/** The row as the server sees it (read through a second connection, as WAL allows). */
function stateOf(id: number): { state: string; attempts: number } {
  const db = new Database(databaseFile(), { readonly: true });
  try {
    return db.prepare('select state, attempts from mail_outbox where id = ?').get(id) as { state: string; attempts: number };
  } finally {
    db.close();
  }
}

async function waitForState(id: number, state: string): Promise<void> {
  // Up to three minutes: starting the server from source on two busy cores can take long.
  for (let i = 0; i < 3600; i++) {
    if (stateOf(id).state === state) return;
    if (server && server.exitCode !== null) throw new Error(`server ended: ${output}`);
    await sleep(50);
  }
  throw new Error(`row ${id} never reached ${state} (is ${JSON.stringify(stateOf(id))}); server output: ${output}`);
}

/** Starts the server again, waits until the row is sent, stops it gracefully. */
async function restartUntilSent(id: number): Promise<void> {
  const child = startServer();
  await waitForState(id, 'sent');
  child.kill('SIGTERM');
  await exited(child);
  expect(child.exitCode, output).toBe(0);
}

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(root, 'data-'));
  smtp = await startSmtpServer();
  output = '';
});

afterEach(async () => {
  if (server && server.exitCode === null && server.signalCode === null) await kill(server);
  server = null;
  await smtp.close();
});

describe('outbox delivery across SIGKILL', { timeout: 180_000 }, () => {
  it('delivers exactly once when the server is killed after the commit, while it connects', async () => {
    const { id, messageId } = commitMessage();
    const greeting = gate();
    smtp.hooks = { beforeGreeting: greeting.wait };
    const first = startServer();
    await greeting.reached;
    expect(stateOf(id)).toEqual({ state: 'sending', attempts: 1 });
    await kill(first);
    greeting.open();
    smtp.hooks = {};

    await restartUntilSent(id);
    expect(smtp.received.map((m) => m.messageId)).toEqual([messageId]);
    expect(stateOf(id)).toEqual({ state: 'sent', attempts: 2 });
  });

  it('delivers exactly once when the server is killed in the middle of the SMTP dialogue', async () => {
    const { id, messageId } = commitMessage();
    const recipient = gate();
    smtp.hooks = { beforeRecipient: recipient.wait };
    const first = startServer();
    await recipient.reached;
    await kill(first);
    recipient.open();
    smtp.hooks = {};

    await restartUntilSent(id);
    expect(smtp.received.map((m) => m.messageId)).toEqual([messageId]);
  });

  it('delivers once more, with the same Message-ID, when the server dies after the SMTP server took the message but before it answered', async () => {
    // The one window SMTP itself leaves open (RFC 1047): documented, not hidden.
    const { id, messageId } = commitMessage();
    const acceptance = gate();
    smtp.hooks = { beforeAccept: acceptance.wait };
    const first = startServer();
    await acceptance.reached;
    await kill(first);
    acceptance.open();
    smtp.hooks = {};

    await restartUntilSent(id);
    expect(smtp.received.map((m) => m.messageId)).toEqual([messageId, messageId]);
    const [before, after] = smtp.received;
    expect({ ...after, raw: '', headers: null }).toEqual({ ...before, raw: '', headers: null });
    expect(after!.headers.get('date')).toEqual(before!.headers.get('date'));
  });
});
