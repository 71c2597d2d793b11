import { describe, expect, it } from 'vitest';
import { completeWebAddress } from '../../src/domain/web-address.js';

describe('completeWebAddress', () => {
  it('completes an address without scheme to https:// and keeps one with http:// or https:// as typed', () => {
    expect(completeWebAddress('www.example.de')).toBe('https://www.example.de');
    expect(completeWebAddress('  bmi.bund.de/SharedDocs/antwort.pdf?x=1#s2 ')).toBe('https://bmi.bund.de/SharedDocs/antwort.pdf?x=1#s2');
    expect(completeWebAddress('www.example.de:8080/a')).toBe('https://www.example.de:8080/a');
    expect(completeWebAddress('//www.example.de/a')).toBe('https://www.example.de/a');
    expect(completeWebAddress('<https://www.bundestag.de/drucksache>')).toBe('https://www.bundestag.de/drucksache');
    expect(completeWebAddress('http://www.example.de/ä')).toBe('http://www.example.de/ä');
    expect(completeWebAddress('HTTPS://WWW.EXAMPLE.DE')).toBe('HTTPS://WWW.EXAMPLE.DE');
    expect(completeWebAddress('bürgerservice.de')).toBe('https://bürgerservice.de');
  });

  it('refuses what is no web address', () => {
    for (const garbage of ['siehe Anlage', 'Schreiben vom 3.5.', 'javascript:alert(1)', 'mailto:poststelle@bmi.bund.de', 'ftp://example.de/x',
      'example', 'https://localhost/x', 'www.example.de/ mit Leerzeichen', 'https://', 'https://exa mple.de', '...', 'www..de', 'https://example.123']) {
      expect(completeWebAddress(garbage), garbage).toBeNull();
    }
  });
});
