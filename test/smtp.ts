/**
 * A real SMTP server in the test process (smtp-server), recording every message it accepted,
 * parsed with mailparser. Hooks let a test hold the dialogue at a chosen step (to kill the
 * application there) or refuse recipients.
 */
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  envelopeTo: string[];
  messageId: string;
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail['headers'];
  raw: string;
}

export interface SmtpHooks {
  /** Called before the greeting; may wait (the client waits for the greeting). */
  beforeGreeting?: () => Promise<void> | void;
  /** Called before RCPT TO is answered; may wait (holding the client) or throw (refusing). */
  beforeRecipient?: (address: string) => Promise<void> | void;
  /** Called once the whole message is in, before the server answers 250; may wait. */
  beforeAccept?: (mail: ReceivedMail) => Promise<void> | void;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ReceivedMail[];
  hooks: SmtpHooks;
  /** Resolves once `count` messages were received (accepted or about to be). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Listens on 127.0.0.1:`port` (0: any free port). */
export async function startSmtpServer(hooks: SmtpHooks = {}, port = 0): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const notify = () => {
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onConnect(_session, callback) {
      Promise.resolve(state.hooks.beforeGreeting?.())
        .then(() => callback())
        .catch((error: Error) => callback(error));
    },
    onRcptTo(address, _session, callback) {
      Promise.resolve(state.hooks.beforeRecipient?.(address.address))
        .then(() => callback())
        .catch((error: Error) => callback(error));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then(async (parsed) => {
            const mail: ReceivedMail = {
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              messageId: parsed.messageId ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: parsed.headers,
              raw,
            };
            received.push(mail);
            notify();
            await state.hooks.beforeAccept?.(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  const state = { hooks };
  // A client that dies mid-dialogue resets its connection: part of what the tests provoke.
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.server.address();
  const listening = typeof address === 'object' && address ? address.port : 0;
  return {
    port: listening,
    url: `smtp://127.0.0.1:${listening}`,
    received,
    get hooks() {
      return state.hooks;
    },
    set hooks(value: SmtpHooks) {
      state.hooks = value;
    },
    waitFor(count, timeoutMs = 20_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} messages, received ${received.length}`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { smtpError };
