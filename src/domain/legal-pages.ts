/**
 * The pages every German public-sector website needs, with default texts the operator adapts:
 * Impressum (§ 5 DDG, § 18 Abs. 2 MStV), Datenschutzerklärung (Art. 13 DSGVO), Erklärung zur
 * Barrierefreiheit (§ 12b BGG, § 7 BITV 2.0) and an explanation in Leichter Sprache (§ 4 BITV 2.0).
 *
 * Page bodies are plain text: paragraphs are separated by a blank line, a line starting with "## "
 * is a heading, lines that all start with "- " are a list; single line breaks (addresses) are
 * kept. No HTML: whatever is typed is shown as text.
 *
 * Everything the operator must fill in is marked "[Platzhalter: …]".
 */
import { uiText, type FieldErrors } from './ui-text.js';

export const LEGAL_SLUGS = ['impressum', 'datenschutz', 'barrierefreiheit', 'leichte-sprache'] as const;
export type LegalSlug = (typeof LEGAL_SLUGS)[number];

export function isLegalSlug(value: string): value is LegalSlug {
  return (LEGAL_SLUGS as readonly string[]).includes(value);
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'list'; items: string[] };

/**
 * Splits a plain-text page body into blocks: blank lines separate paragraphs, a line starting with
 * "## " is a heading (also directly above its text), consecutive lines all starting with "- " are
 * a list; other line breaks are kept inside the paragraph.
 */
export function parsePageBody(body: string): Block[] {
  const blocks: Block[] = [];
  const flush = (lines: string[]) => {
    if (lines.length === 0) return;
    if (lines.every((line) => line.startsWith('- '))) blocks.push({ kind: 'list', items: lines.map((line) => line.slice(2).trim()) });
    else blocks.push({ kind: 'paragraph', lines: [...lines] });
  };
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    let lines: string[] = [];
    for (const raw of chunk.split('\n')) {
      const line = raw.trim();
      if (line === '') continue;
      if (line.startsWith('## ')) {
        flush(lines);
        lines = [];
        blocks.push({ kind: 'heading', text: line.slice(3).trim() });
      } else {
        lines.push(line);
      }
    }
    flush(lines);
  }
  return blocks;
}

export const MAX_TITLE_LENGTH = 200;
export const MAX_BODY_LENGTH = 50_000;

/** Checks an edited page; returns its problems per field, named by key (German where shown). */
export function validatePage(input: { title: string; body: string }): FieldErrors {
  const errors: FieldErrors = {};
  if (input.title.trim() === '') errors.title = uiText('form.page.titleMissing');
  else if (input.title.length > MAX_TITLE_LENGTH) errors.title = uiText('form.page.titleTooLong', { max: MAX_TITLE_LENGTH });
  if (input.body.trim() === '') errors.body = uiText('form.page.bodyMissing');
  else if (input.body.length > MAX_BODY_LENGTH) errors.body = uiText('form.page.bodyTooLong', { max: MAX_BODY_LENGTH });
  return errors;
}

export interface LegalPageTemplate {
  slug: LegalSlug;
  title: string;
  body: string;
}

const IMPRESSUM = `## Anbieter
[Platzhalter: Name der Behörde oder Geschäftsstelle, z. B. Geschäftsstelle der Integrationsministerkonferenz]
[Platzhalter: Ministerium, bei dem die Geschäftsstelle angesiedelt ist]
[Platzhalter: Straße und Hausnummer]
[Platzhalter: Postleitzahl und Ort]

## Vertreten durch
[Platzhalter: Name und Funktion der vertretungsberechtigten Person, z. B. die Leiterin der Geschäftsstelle]

## Kontakt
Telefon: [Platzhalter: Telefonnummer]
E-Mail: [Platzhalter: E-Mail-Adresse]

## Umsatzsteuer-Identifikationsnummer
[Platzhalter: Umsatzsteuer-Identifikationsnummer nach § 27a Umsatzsteuergesetz, falls vorhanden; sonst diesen Abschnitt löschen]

## Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV
[Platzhalter: Name und Anschrift der verantwortlichen Person]

## Inhalt dieses Angebots
Beschlussmonitor dokumentiert die Beschlüsse der Fachministerkonferenzen der Länder und hält fest, was der Bund zu den einzelnen Forderungen unternommen hat. Maßgeblich ist jeweils der Wortlaut des Beschlusses, wie er von der Konferenz veröffentlicht wurde.

## Haftung für Links
Dieses Angebot verweist auf Internetseiten anderer Anbieter. Für deren Inhalte sind ausschließlich die jeweiligen Anbieter verantwortlich. Zum Zeitpunkt der Verlinkung waren keine Rechtsverstöße erkennbar.

## Urheberrecht
Amtliche Werke wie Beschlüsse sind nach § 5 Urheberrechtsgesetz gemeinfrei. Für die übrigen Texte dieses Angebots gilt: [Platzhalter: Nutzungsbedingungen, z. B. eine freie Lizenz wie CC BY 4.0].`;

const DATENSCHUTZ = `## Verantwortliche Stelle
Verantwortlich für die Verarbeitung personenbezogener Daten in diesem Angebot ist:
[Platzhalter: Name der Behörde oder Geschäftsstelle]
[Platzhalter: Anschrift]
E-Mail: [Platzhalter: E-Mail-Adresse]

## Datenschutzbeauftragte oder Datenschutzbeauftragter
[Platzhalter: Name oder Funktion und Kontaktdaten der oder des behördlichen Datenschutzbeauftragten]

## Besuch der öffentlichen Seiten
Beim Aufruf einer Seite verarbeitet der Server technisch notwendige Angaben: die IP-Adresse Ihres Geräts, Datum und Uhrzeit, die aufgerufene Adresse, die Art der Anfrage und den Statuscode der Antwort. Passwörter, Cookies und Formularinhalte werden nicht protokolliert.
Zweck ist der sichere und störungsfreie Betrieb, insbesondere die Abwehr von Angriffen. Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit [Platzhalter: Vorschrift des Landesdatenschutzgesetzes bzw. § 3 BDSG].
Die Protokolle werden nach 14 Tagen gelöscht. [Platzhalter: abweichende Frist, falls LOG_RETENTION_DAYS anders eingestellt ist]
Für die öffentlichen Seiten werden keine Cookies gesetzt, außer einem technisch notwendigen Sicherheits-Cookie (_csrf), wenn Sie ein Formular wie die Anmeldung aufrufen. Es gibt keine Reichweitenmessung, keine Werbung und keine Inhalte, Schriften oder Skripte von anderen Anbietern.

## Anmeldung für Mitarbeiterinnen und Mitarbeiter
Für Beschäftigte der Geschäftsstellen und der Länder werden Name, E-Mail-Adresse, Rolle, gegebenenfalls das Land und ein Passwort-Hash gespeichert. Nach der Anmeldung setzt der Server ein Sitzungs-Cookie; es endet mit der Abmeldung, nach 30 Minuten ohne Aktivität und spätestens nach 12 Stunden.
Jede Änderung an Beschlüssen, Folgemaßnahmen, Konten und Seiten wird im Änderungsprotokoll mit Person, Zeitpunkt, IP-Adresse sowie dem Zustand vorher und nachher festgehalten. Das dient der Nachvollziehbarkeit des amtlichen Datenbestands. Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit [Platzhalter: Rechtsvorschrift]. Speicherdauer: [Platzhalter: Aufbewahrungsfrist des Änderungsprotokolls].

## Empfänger
Die Daten werden auf Servern von [Platzhalter: Rechenzentrum oder Hosting-Dienstleister, ggf. Auftragsverarbeiter nach Art. 28 DSGVO] verarbeitet. Eine Übermittlung in Drittländer findet nicht statt.

## Ihre Rechte
Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16 DSGVO), Löschung (Art. 17 DSGVO), Einschränkung der Verarbeitung (Art. 18 DSGVO) und Widerspruch (Art. 21 DSGVO). Wenden Sie sich dazu an die verantwortliche Stelle oder an die oder den Datenschutzbeauftragten.
Sie können sich außerdem bei einer Datenschutz-Aufsichtsbehörde beschweren (Art. 77 DSGVO). Zuständig ist: [Platzhalter: zuständige Aufsichtsbehörde mit Anschrift].
Eine automatisierte Entscheidungsfindung einschließlich Profiling findet nicht statt.

## Stand
[Platzhalter: Datum der letzten Änderung dieser Erklärung]`;

const BARRIEREFREIHEIT = `[Platzhalter: Name der öffentlichen Stelle] ist bemüht, dieses Angebot im Einklang mit § 12a Behindertengleichstellungsgesetz (BGG) und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen. Diese Erklärung gilt für [Platzhalter: Internetadresse dieses Angebots].

## Stand der Vereinbarkeit mit den Anforderungen
Dieses Angebot ist wegen der unten aufgeführten Unvereinbarkeiten teilweise mit der BITV 2.0 vereinbar. Grundlage ist die harmonisierte Norm EN 301 549, die auf den Web Content Accessibility Guidelines (WCAG) 2.1 in der Stufe AA beruht.
Die Erklärung beruht auf [Platzhalter: einer Selbstbewertung / einer Prüfung durch … ] vom [Platzhalter: Datum]. Sie wurde zuletzt am [Platzhalter: Datum] überprüft.

## Nicht barrierefreie Inhalte
- Ältere Beschlusstexte wurden aus PDF-Dokumenten übernommen. Sie können Fehler der Textübernahme enthalten, zum Beispiel falsche Trennungen oder fehlende Gliederung.
- Es gibt noch keine Informationen in Deutscher Gebärdensprache. Eine Erklärung in Leichter Sprache ist vorhanden.
- [Platzhalter: weitere bekannte Barrieren, die Begründung (z. B. unverhältnismäßige Belastung) und barrierefreie Alternativen]

## Barrieren melden: Kontakt zu den Feedback-Ansprechpartnern
Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten aufgefallen? Oder benötigen Sie Informationen aus diesem Angebot in einer barrierefreien Form? Dann wenden Sie sich bitte an:
[Platzhalter: zuständige Stelle]
E-Mail: [Platzhalter: E-Mail-Adresse]
Telefon: [Platzhalter: Telefonnummer]
Postanschrift: [Platzhalter: Anschrift]
Wir beantworten Ihre Anfrage so schnell wie möglich, spätestens innerhalb von [Platzhalter: Frist, z. B. sechs Wochen].

## Schlichtungsverfahren (Durchsetzungsverfahren)
Wenn auch nach Ihrer Rückmeldung an die oben genannte Stelle keine zufriedenstellende Lösung gefunden wurde, können Sie einen Antrag auf ein Schlichtungsverfahren bei der Schlichtungsstelle nach § 16 BGG stellen. Die Schlichtungsstelle BGG hat die Aufgabe, bei Streitigkeiten zwischen Menschen mit Behinderungen und öffentlichen Stellen des Bundes eine außergerichtliche Einigung zu unterstützen. Das Schlichtungsverfahren ist kostenlos. Es muss kein Rechtsbeistand eingeschaltet werden.
Sie erreichen die Schlichtungsstelle so:
Schlichtungsstelle nach dem Behindertengleichstellungsgesetz bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen
Mauerstraße 53, 10117 Berlin
E-Mail: info@schlichtungsstelle-bgg.de
Internet: www.schlichtungsstelle-bgg.de
[Platzhalter: Anschrift vor der Veröffentlichung prüfen. Ist eine Stelle eines Landes für dieses Angebot verantwortlich, hier die Schlichtungs- oder Durchsetzungsstelle nach dem Landesrecht nennen.]`;

const LEICHTE_SPRACHE = `Hier erklären wir diese Internet-Seite in Leichter Sprache.

## Was ist der Beschluss-Monitor?
Deutschland hat 16 Bundes-Länder.
Jedes Bundes-Land hat Ministerinnen und Minister.
Die Ministerinnen und Minister treffen sich regelmäßig.
So ein Treffen heißt: Konferenz.

## Was ist ein Beschluss?
Auf einer Konferenz wird über Vorschläge abgestimmt.
Das Ergebnis heißt: Beschluss.
In einem Beschluss stehen oft Bitten an die Bundes-Regierung.
Die Bundes-Regierung soll dann etwas tun.
Zum Beispiel: ein neues Gesetz machen.

## Was steht auf dieser Internet-Seite?
Auf dieser Internet-Seite stehen die Beschlüsse.
Sie können alle Beschlüsse lesen.
Sie können auch lesen:
Was hat die Bundes-Regierung gemacht?
Wurde die Bitte schon erfüllt?

## Wie finde ich etwas?
Oben auf jeder Seite gibt es einen Link zur Start-Seite.
Auf der Start-Seite sehen Sie alle Konferenzen.
Sie können auch nach einem Wort suchen.
Dafür gibt es die Suche.

## Wer macht diese Internet-Seite?
Diese Internet-Seite macht: [Platzhalter: Name der Stelle in einfachen Worten].

## Haben Sie Fragen?
Dann schreiben Sie uns eine E-Mail.
Die E-Mail-Adresse ist: [Platzhalter: E-Mail-Adresse].
Sie können uns auch anrufen.
Die Telefon-Nummer ist: [Platzhalter: Telefon-Nummer].

## Weitere Informationen
Auf der Seite Barriere-Freiheit steht:
Was auf dieser Internet-Seite noch nicht gut funktioniert.
Und wo Sie uns Probleme melden können.
Auf der Seite Daten-Schutz steht:
Welche Daten wir speichern.`;

export const LEGAL_PAGE_TEMPLATES: readonly LegalPageTemplate[] = [
  { slug: 'impressum', title: 'Impressum', body: IMPRESSUM },
  { slug: 'datenschutz', title: 'Datenschutzerklärung', body: DATENSCHUTZ },
  { slug: 'barrierefreiheit', title: 'Erklärung zur Barrierefreiheit', body: BARRIEREFREIHEIT },
  { slug: 'leichte-sprache', title: 'Informationen in Leichter Sprache', body: LEICHTE_SPRACHE },
];
