import { describe, expect, it } from 'vitest';
import { applyPreviewEdits, meetingFromFields, meetingIncomplete, parsedMeeting } from '../../src/domain/import-edit.js';
import { parseResolutionText } from '../../src/domain/parser/index.js';
import type { UiText } from '../../src/domain/ui-text.js';
import { uiTextOf } from '../../src/i18n.js';

const parsed = parseResolutionText(['TOP 7 Titel', 'Antragsteller: Berlin', 'Die IntMK hat mehrheitlich beschlossen:',
  '1. Die IntMK bittet den Bund.', '2. Sie bittet die Länder.'].join('\n'));

describe('the browser import\'s corrections', () => {
  it('knows that a text without header names no meeting', () => {
    const meeting = parsedMeeting(parsed);
    expect(meeting.conference).toBe('IntMK');
    expect(meetingIncomplete(meeting)).toBe(true);
    expect(meetingIncomplete({ conference: 'IntMK', meeting: { ...meeting.meeting, number: 12, year: 2017 } })).toBe(false);
  });

  it('applies every corrected field and the chosen meeting, and drops an emptied Ziffer', () => {
    const problems: UiText[] = [];
    const meeting = meetingFromFields({ f0_conference: 'IntMK', f0_number: '12', f0_year: '2017', f0_startDate: '16.03.2017', f0_endDate: '', f0_place: ' Friedrichshafen ' },
      'f0_', parsedMeeting(parsed), problems);
    expect(meeting.meeting).toEqual({ number: 12, year: 2017, startDate: '2017-03-16', endDate: '2017-03-16', place: 'Friedrichshafen' });
    const { document, problems: more } = applyPreviewEdits(parsed, {
      f0_r0_include: '1', f0_r0_agendaItem: 'TOP 2.12', f0_r0_title: 'Neu', f0_r0_sponsors: ['HB', 'BE'], f0_r0_reportingLand: 'HB',
      f0_r0_outcome: 'rejected', f0_r0_voting: 'counted', f0_r0_yes: '4', f0_r0_no: '10', f0_r0_abstain: '2', f0_r0_formula: 'Abgelehnt.',
      f0_r0_d0_number: '1', f0_r0_d0_text: ' Die IntMK   bittet den Bund. ', f0_r0_d1_text: '',
    }, 0, meeting);
    expect([...problems, ...more]).toEqual([]);
    expect(document.resolutions[0]).toMatchObject({
      conference: 'IntMK', agendaItem: '2.12', title: 'Neu', sponsors: ['BE', 'HB'], reportingLand: 'HB',
      decision: { outcome: 'rejected', voting: 'counted', yes: 4, no: 10, abstain: 2, formula: 'Abgelehnt.' },
      demands: [{ number: '1', text: 'Die IntMK bittet den Bund.' }],
      meeting: { number: 12 },
    });
  });

  it('leaves out resolutions whose box is cleared, and reports values it cannot read in German', () => {
    expect(applyPreviewEdits(parsed, {}, 0, parsedMeeting(parsed)).document.resolutions).toEqual([]);
    const problems: UiText[] = [];
    meetingFromFields({ f0_number: 'zwölf', f0_startDate: '31.02.2017' }, 'f0_', parsedMeeting(parsed), problems);
    const { problems: more } = applyPreviewEdits(parsed, { f0_r0_include: '1', f0_r0_title: 'T', f0_r0_sponsors: 'Atlantis', f0_r0_voting: 'counted', f0_r0_yes: '-1' }, 0, parsedMeeting(parsed));
    expect([...problems, ...more].map(uiTextOf)).toEqual([
      'Ordnungszahl: „zwölf“ ist keine ganze Zahl ab 1.',
      'Beginn: „31.02.2017“ ist kein Datum (TT.MM.JJJJ).',
      'TOP 7: „Atlantis“ ist kein Land.',
      'TOP 7: Ja-Stimmen: „-1“ ist keine ganze Zahl ab 0.',
    ]);
  });
});
