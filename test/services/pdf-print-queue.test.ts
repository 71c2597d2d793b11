/**
 * PDF prints run one at a time and only a few may wait: a burst of PDF requests cannot start a
 * pile of Chromium processes. The refusal is decided before any print starts, so the test holds
 * with and without Chromium on the machine.
 */
import { describe, expect, it } from 'vitest';
import { MAX_WAITING_PRINTS, PrintQueueFull, printPdf } from '../../src/services/pdf-print.js';

describe('the PDF print queue', { timeout: 180_000 }, () => {
  it('takes one print and MAX_WAITING_PRINTS waiting ones, refuses the next at once, and takes prints again when they are done', async () => {
    const settled = (promise: Promise<Buffer>) => promise.then(() => 'printed', (error: unknown) => (error instanceof PrintQueueFull ? 'refused' : 'failed'));
    const accepted = Array.from({ length: MAX_WAITING_PRINTS + 1 }, (_, i) => settled(printPdf(`<p>Seite ${i}</p>`)));
    expect(await settled(printPdf('<p>eine zu viel</p>'))).toBe('refused');
    // printed where Chromium is installed, failed where not: never refused
    for (const outcome of await Promise.all(accepted)) expect(outcome).not.toBe('refused');
    expect(await settled(printPdf('<p>danach</p>'))).not.toBe('refused');
  });
});
