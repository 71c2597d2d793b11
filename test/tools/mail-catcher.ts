/**
 * A local SMTP server for trying out the mail on a development machine (docs/mail.md): accepts
 * every message on 127.0.0.1 and prints recipients, subject and text to the console, links
 * included. Nothing is delivered anywhere. `npm run mail:catch [-- PORT]` (default 2525; 0: any free port), then
 * start the application with SMTP_URL=smtp://127.0.0.1:2525.
 */
import { startSmtpServer, type ReceivedMail } from '../smtp.js';

/** One received message as the console shows it. */
export function mailText(mail: ReceivedMail): string {
  return [
    `── mail to ${mail.envelopeTo.join(', ')}`,
    `Subject: ${mail.subject}`,
    '',
    mail.text.trimEnd(),
    '',
  ].join('\n');
}

const port = Number(process.argv[2] ?? 2525);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`not a port: ${process.argv[2]}`);
  process.exit(2);
}
try {
  const server = await startSmtpServer({ beforeAccept: (mail) => void console.log(mailText(mail)) }, port);
  console.log(`SMTP server for trying out the mail: ${server.url} (messages are printed here, none is delivered)`);
  console.log(`start the application with: SMTP_URL=${server.url} npm start`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`port ${port} is not available: ${(error as Error).message}`);
  process.exit(1);
}
