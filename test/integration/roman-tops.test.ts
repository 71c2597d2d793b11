/** TOPs of Roman sections ("TOP I 1", "II.5"): stored as I.1, ordered I < II < … < X, addressed by URL. */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { analyseResolutionText } from '../../src/domain/parser/index.js';
import { importDocument } from '../../src/services/import.js';
import { TEST_ACTOR, useTestApp } from '../helpers.js';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

const TEXT = [
  'Beschlüsse der 93. Konferenz der Justizministerinnen und Justizminister',
  'am 17. November 2022 in Berlin',
  '',
  ...[['X.2', 'Zehnter Abschnitt'], ['II.5', 'Einsatzkräfte schützen'], ['I 10', 'Zehnter Punkt'], ['I.2', 'Zweiter Punkt'], ['IX.1', 'Neunter Abschnitt']]
    .flatMap(([top, title]) => [`TOP ${top}`, title!, 'Beschluss:', 'Die Justizministerinnen und Justizminister bitten den Bund, zu handeln.', '']),
].join('\n');

describe('Roman TOPs in the archive', () => {
  it('imports them as I.2, II.5, …, lists them in the order of their sections and serves each at its address', async () => {
    const { document, failure } = analyseResolutionText(TEXT);
    expect(failure).toBeNull();
    expect(document.resolutions.map((r) => r.agendaItem)).toEqual(['X.2', 'II.5', 'I.10', 'I.2', 'IX.1']);
    importDocument(connection.db, TEST_ACTOR, document, { source: 'Test', release: 'public', releasedOn: '2022-12-01' });

    const meeting = await app.inject('/jumiko/93');
    expect(meeting.statusCode).toBe(200);
    const order = ['I.2', 'I.10', 'II.5', 'IX.1', 'X.2'].map((top) => meeting.body.indexOf(`href="/jumiko/93/top/${top}"`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const page = await app.inject('/jumiko/93/top/II.5');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Einsatzkräfte schützen');
    expect((await app.inject('/jumiko/93/top/XI.1')).statusCode).toBe(404);
    expect((await app.inject('/jumiko/93/top/II..5')).statusCode).toBe(404);
  });
});
