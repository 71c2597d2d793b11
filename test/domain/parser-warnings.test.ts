import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseResolutionText } from '../../src/domain/parser/index.js';
import { warningKind } from '../../src/domain/parser/warning-kinds.js';
import { parserWarningText } from '../../src/i18n.js';

const FIXTURES = new URL('../../fixtures/import/', import.meta.url);

/** Texts that make the parser give every kind of warning. */
const TEXTS = [
  ...readdirSync(FIXTURES).filter((name) => name.endsWith('.txt')).map((name) => readFileSync(new URL(name, FIXTURES), 'utf8')),
  ['Sitzung ohne Angaben', 'TOP 1', 'Text.'].join('\n'),
  ['Antragsteller: Berlin', 'TOP 1 Erster', 'Titel: Noch einer', 'Antragsteller: Berlin, Atlantis', 'Beschluss: einstimmig',
    'Abstimmungsergebnis: mehrheitlich', '1. Text.', 'Protokollerklärung Atlantis:', 'Text.', 'TOP 2: Zwei', '(nicht freigegeben)',
    'TOP 3', 'Beschluss: einstimmig', 'Die IMK nimmt den Bericht zur Kenntnis.', 'TOP 4 Vier', 'Beschluss:', '1.', '2. Text.',
    'Berichterstattung: Bayern', 'IMK 2024'].join('\n'),
];

describe('parser warnings in German', () => {
  const messages = [...new Set(TEXTS.flatMap((text) => analyseResolutionText(text).document.warnings.map((w) => w.message)))];

  it('covers the kinds the test texts produce (a demand without text is checked below)', () => {
    const kinds = new Set(messages.map((message) => warningKind(message)?.kind));
    expect([...kinds].sort()).toEqual([
      'beforeFirstTop', 'conferenceUnknown', 'fieldNotImported', 'furtherDecision', 'noFormula', 'noTitle', 'notReleased',
      'protocolNotLand', 'secondTitle', 'sponsorNotLand', 'voteFromFurther', 'yearUnknown',
    ].sort());
  });

  it('reads every warning the parser gives into a German text', () => {
    for (const message of messages) expect(warningKind(message), message).not.toBeNull();
    expect(parserWarningText("field 'Berichterstattung' not imported: Bayern")).toBe('Feld „Berichterstattung“ nicht übernommen: Bayern');
    expect(parserWarningText('TOP 2.12: no decision formula found')).toBe('TOP 2.12: keine Beschlussformel gefunden');
    expect(parserWarningText('TOP 5: demand 3 has no text')).toBe('TOP 5: Ziffer 3 ohne Text');
  });

  it('leaves any other message as it is', () => {
    expect(parserWarningText('von Hand notiert')).toBe('von Hand notiert');
  });
});
