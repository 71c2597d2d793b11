/**
 * The forms and review hints name their texts by key (domain/ui-text.ts); the German is made where
 * it is shown. Every key they can produce must exist in views/i18n/de.json, with its values filled.
 */
import { describe, expect, it } from 'vitest';
import { parseFollowUpForm } from '../../src/domain/follow-up-form.js';
import { parseConferenceForm, parseMeetingForm } from '../../src/domain/meeting-form.js';
import { resolutionChecks } from '../../src/domain/resolution-checks.js';
import { parseBulkReleaseForm, parseReleaseForm, parseResolutionForm } from '../../src/domain/resolution-form.js';
import type { UiText } from '../../src/domain/ui-text.js';
import { MAX_BODY_LENGTH, MAX_TITLE_LENGTH, validatePage } from '../../src/domain/legal-pages.js';
import { fieldErrorTexts, uiTextOf } from '../../src/i18n.js';

const TODAY = '2026-03-01';

/** Each text in German; translate throws on a missing key, and no placeholder may stay empty. */
function german(texts: Record<string, UiText>): Record<string, string> {
  const out = fieldErrorTexts(texts);
  for (const text of Object.values(out)) expect(text).not.toMatch(/\{\w+\}|: \.|^$/);
  return out;
}

describe('UI texts of forms and review hints', () => {
  it('the resolution form names every problem by a key with its values', () => {
    const { errors } = parseResolutionForm({
      agendaItem: 'x y',
      title: '',
      sponsors: ['XX'],
      outcome: 'maybe',
      voting: 'counted',
      votesYes: '10',
      votesNo: '7',
      votesAbstain: '99',
      formula: 'f'.repeat(2001),
      demand_0_text: '',
      demand_0_number: '1',
      demand_1_text: 'Zwei',
      demand_1_number: '1',
      demand_1_due: '31.02.2026',
      demand_2_text: 'Drei',
      demand_2_number: '3!',
      demand_2_dueMeeting: 'bald',
      statement_0_laender: 'Atlantis',
      statement_0_text: '',
      statement_1_laender: '',
      statement_1_text: 'Text',
    });
    const texts = german(errors);
    expect(texts).toMatchObject({
      agendaItem: 'Bitte eine TOP-Nummer wie 2.12, 2.9b oder A3 angeben.',
      title: 'Bitte einen Titel angeben.',
      outcome: 'Bitte ein Ergebnis auswählen.',
      votesAbstain: 'Bitte eine Zahl von 0 bis 16 angeben.',
      demand_1_number: 'Die Nummer 1 kommt mehrfach vor.',
      demand_1_due: 'Bitte ein gültiges Datum angeben (TT.MM.JJJJ).',
      statement_0_laender: 'Unbekanntes Land: Atlantis. Bitte Länder wie „Bayern“ oder „BY“ angeben.',
      statement_1_laender: 'Bitte mindestens ein Land angeben.',
    });
    expect(Object.keys(texts)).toEqual(
      expect.arrayContaining(['sponsors', 'formula', 'demand_0_text', 'demand_2_number', 'demand_2_dueMeeting', 'statement_0_text']),
    );
  });

  it('renumbering takes back only the "given twice" texts', () => {
    const body = { title: 'T', agendaItem: '1', outcome: 'adopted', voting: 'unanimous', demand_0_text: 'a', demand_0_number: '1', demand_1_text: 'b', demand_1_number: '1', demand_2_text: 'c', demand_2_number: '3!' };
    expect(Object.keys(parseResolutionForm(body).errors).sort()).toEqual(['demand_1_number', 'demand_2_number']);
    expect(Object.keys(parseResolutionForm({ ...body, renumber: '1' }).errors)).toEqual(['demand_2_number']);
  });

  it('the release, meeting, conference and follow-up forms too', () => {
    german(parseReleaseForm({ release: 'secret' }, TODAY).errors);
    expect(german(parseReleaseForm({ release: 'public', releasedOn: '99.99.2026' }, TODAY).errors)).toEqual({ releasedOn: 'Bitte ein gültiges Freigabedatum angeben (TT.MM.JJJJ).' });
    expect(uiTextOf(parseBulkReleaseForm({ release: 'internal' }, TODAY).error!)).toBe('Bitte wählen Sie mindestens einen TOP aus.');
    expect(uiTextOf(parseBulkReleaseForm({ release: 'internal', top: '7' }, TODAY).error!)).toBe('Die Auswahl ist unvollständig. Bitte laden Sie die Seite neu.');
    expect(Object.keys(german(parseConferenceForm({ shortName: 'x', name: '', description: 'd'.repeat(5001) }).errors))).toEqual(['shortName', 'name', 'description']);
    expect(german(parseMeetingForm({ number: 'zwölf', startDate: '2020-05-02', endDate: '2020-05-01', year: '2021', chairLand: 'XX', kind: 'party' }).errors)).toEqual({
      number: 'Bitte eine Ordnungszahl wie 12 angeben oder das Feld leer lassen.',
      endDate: 'Das Ende liegt vor dem Beginn.',
      year: 'Das Jahr passt nicht zum Datum.',
      chairLand: 'Bitte ein Land auswählen.',
      kind: 'Bitte die Art der Sitzung auswählen.',
    });
    expect(Object.keys(german(parseMeetingForm({ year: '1800' }).errors)).sort()).toEqual(['kind', 'number', 'year']);
    expect(Object.keys(german(parseFollowUpForm({ demand: '9', date: 'gestern', kind: 'x', status: 'y', visibility: 'z', summary: '', link: 'ftp://x' }, [1]).errors))).toEqual([
      'demand',
      'date',
      'kind',
      'status',
      'visibility',
      'summary',
      'link',
    ]);
  });

  it('review hints', () => {
    const hints = resolutionChecks({ title: 'x', outcome: 'adopted', voting: 'counted', votesYes: null, formula: '', sponsorCount: 0, demands: [{ number: '1', text: '' }, { number: '4', text: ' ' }] });
    expect(hints.map(uiTextOf)).toEqual([
      'Der Titel fehlt oder ist sehr kurz.',
      'Keine Antragsteller angegeben.',
      'Keine Beschlussformel.',
      'Ausgezählte Abstimmung ohne Stimmenzahlen.',
      '2 Ziffern haben keinen Text.',
      'Die Nummerierung der Ziffern hat Lücken (es fehlt 2, 3).',
    ]);
    expect(resolutionChecks({ title: 'Titel', outcome: 'adopted', voting: 'unknown', votesYes: null, formula: 'f', sponsorCount: 1, demands: [] }).map(uiTextOf)).toEqual([
      'Die Art der Abstimmung ist unbekannt.',
      'Angenommener Beschluss ohne Beschlusstext (keine Ziffern).',
    ]);
    expect(resolutionChecks({ title: 'Titel', outcome: 'adopted', voting: 'unanimous', votesYes: null, formula: 'f', sponsorCount: 1, demands: [{ number: '1', text: '' }] }).map(uiTextOf)).toEqual(['Eine Ziffer hat keinen Text.']);
  });

  it('the legal page form names its problems by key: missing and too long title and text', () => {
    expect(german(validatePage({ title: ' ', body: '' }))).toEqual({
      title: 'Bitte einen Titel angeben.',
      body: 'Bitte einen Text angeben.',
    });
    expect(german(validatePage({ title: 'T'.repeat(MAX_TITLE_LENGTH + 1), body: 'x'.repeat(MAX_BODY_LENGTH + 1) }))).toEqual({
      title: `Der Titel darf höchstens ${MAX_TITLE_LENGTH} Zeichen lang sein.`,
      body: `Der Text darf höchstens ${MAX_BODY_LENGTH} Zeichen lang sein.`,
    });
    expect(validatePage({ title: 'Impressum', body: 'Text' })).toEqual({});
  });
});
