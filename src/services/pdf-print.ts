/**
 * PDF from a rendered page, printed by Debian's Chromium (`--headless --print-to-pdf`) with the
 * page's print stylesheet. Offered only where /usr/bin/chromium exists; the page is written to a
 * temporary file with its stylesheets inlined, so Chromium needs no access to the server and
 * prints exactly what the viewer was shown.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { VIEWS_DIR } from '../paths.js';

const run = promisify(execFile);

export const CHROMIUM_PATH = '/usr/bin/chromium';

let available: boolean | undefined;

/**
 * Whether PDFs are printed: `enabled` is the operator's choice (PDF_PRINTING, config.pdfPrinting;
 * a print costs a Chromium process), and Chromium must exist on this machine (checked once).
 */
export function pdfAvailable(enabled = true): boolean {
  if (!enabled) return false;
  if (available === undefined) {
    try {
      accessSync(CHROMIUM_PATH, constants.X_OK);
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

function inlineStyles(html: string): string {
  return html.replace(/<link rel="stylesheet" href="\/assets\/([a-z-]+\.css)"( media="print")?>/g, (_, file: string, media: string | undefined) => {
    const source = path.join(VIEWS_DIR, 'assets', file);
    const css = existsSync(source) ? readFileSync(source, 'utf8').replaceAll('</', '<\\/') : '';
    return `<style${media ?? ''}>${css}</style>`;
  });
}

/**
 * One print at a time: a Chromium process takes a core and a few hundred megabytes, and the
 * server shares the machine with it. Prints wait in turn; beyond MAX_WAITING_PRINTS waiting
 * ones a print is refused at once (PrintQueueFull: the route answers 503 with Retry-After), so
 * that a burst of PDF requests from many addresses cannot pile up processes or memory.
 */
const printing = pLimit(1);
export const MAX_WAITING_PRINTS = 4;

export class PrintQueueFull extends Error {
  constructor() {
    super('too many PDF prints waiting');
  }
}

/** Prints the page's HTML to PDF in turn with other prints (see above); PrintQueueFull when too many wait. */
export function printPdf(html: string): Promise<Buffer> {
  if (printing.activeCount + printing.pendingCount > MAX_WAITING_PRINTS) return Promise.reject(new PrintQueueFull());
  return printing(() => printNow(html));
}

/** Prints the page's HTML to PDF; at most one minute. */
async function printNow(html: string): Promise<Buffer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'beschlussmonitor-pdf-'));
  try {
    const page = path.join(dir, 'seite.html');
    const pdf = path.join(dir, 'seite.pdf');
    writeFileSync(page, inlineStyles(html));
    await run(
      CHROMIUM_PATH,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${path.join(dir, 'profil')}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${pdf}`,
        `file://${page}`,
      ],
      { timeout: 60_000 },
    );
    return readFileSync(pdf);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
