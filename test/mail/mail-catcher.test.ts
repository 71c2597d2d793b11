/**
 * `npm run mail:catch`, the SMTP server for trying out the mail locally (docs/mail.md): it
 * accepts what the application's transport (nodemailer) sends and prints it, link included.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { ROOT_DIR } from '../../src/paths.js';

describe('the local mail catcher', () => {
  it('prints each message it accepts, with recipient, subject and text', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/tools/mail-catcher.ts', '0'], { cwd: ROOT_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const seen = (pattern: RegExp) => new Promise<RegExpExecArray>((resolve) => {
      const check = () => {
        const match = pattern.exec(stdout);
        if (match) {
          child.stdout.off('data', check);
          resolve(match);
        }
      };
      child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
      child.stdout.on('data', check);
      check();
    });
    try {
      const url = (await seen(/start the application with: SMTP_URL=(smtp:\/\/127\.0\.0\.1:\d+)/))[1]!;
      const transport = nodemailer.createTransport(url);
      await transport.sendMail({
        from: 'Beschlussmonitor <beschlussmonitor@localhost>', to: 'ref@by.example', subject: 'Einladung zu Beschlussmonitor',
        text: 'Passwort festlegen:\nhttp://localhost:3000/passwort-setzen/abc',
      });
      transport.close();
      await seen(/http:\/\/localhost:3000\/passwort-setzen\/abc/);
      expect(stdout).toContain('── mail to ref@by.example\nSubject: Einladung zu Beschlussmonitor\n\nPasswort festlegen:\nhttp://localhost:3000/passwort-setzen/abc');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
