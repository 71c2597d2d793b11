/**
 * The benchmark's second reference: the resolution page as the leanest version of this stack
 * would serve it. Bare Fastify (no logger, no hooks, no headers beyond the defaults), raw
 * better-sqlite3 prepared statements returning only the columns shown, statuses read from the
 * cached columns, labels looked up in JavaScript, and one helper-free Handlebars template that
 * gives the same markup and size as the application's page. It shows what "raw prepared statements
 * plus Handlebars" reach on this page, next to the application with its page cache off.
 *
 * Under `/memory/…` the same route renders a page once and then sends its bytes from memory: the
 * ceiling of any page cache for a page of this size, with this load generator on this machine.
 */
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import Handlebars from 'handlebars';
import { meetingLabel, resolutionPath } from '../../src/domain/citation.js';
import { formatDateShort } from '../../src/domain/dates.js';
import { translate } from '../../src/i18n.js';
import { DEMAND_STATUSES } from '../../src/domain/vocabulary.js';
import { referenceQueries } from './reference-queries.js';

/** Looked up once at start: the page's labels, without a helper per use. */
const STATUS_LABELS: Record<string, string> = Object.fromEntries(DEMAND_STATUSES.map((status) => [status, translate(`status.${status}`)]));

const template = Handlebars.compile(
  `<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TOP {{r.agendaItem}}: {{r.title}} – {{label}} – Beschlussmonitor</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="stylesheet" href="/assets/print.css" media="print">
</head>
<body>
<a class="skip-link" href="#inhalt">Zum Inhalt springen</a>
<header class="site-header"><div class="wrap"><a class="site-name" href="/">Beschlussmonitor</a>
<p class="site-tagline">Beschlüsse der Fachministerkonferenzen der Länder und ihre Umsetzung</p>
<nav class="account-nav" aria-label="Konto"><a href="/suche">Suche</a> <a href="/statistik">Statistik</a> <a href="/anmelden">Anmelden</a></nav>
</div></header>
<nav class="breadcrumbs wrap" aria-label="Sie sind hier"><ol>
<li><a href="/">Startseite</a></li>
<li><a href="/{{r.slug}}">{{r.shortName}}</a></li>
<li><a href="/{{r.slug}}/{{r.urlKey}}">{{label}}</a></li>
<li><span aria-current="page">TOP {{r.agendaItem}}</span></li>
</ol></nav>
<main id="inhalt" class="wrap" tabindex="-1">
<article class="resolution">
<p class="eyebrow">{{label}} · TOP {{r.agendaItem}}</p>
<h1>{{r.title}}</h1>
<dl class="facts">
<dt>Antragsteller</dt>
<dd>{{#each sponsors}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}</dd>
<dt>Beschluss</dt>
<dd>{{r.outcome}} ({{r.voting}}){{#if r.formula}}<br><q>{{r.formula}}</q>{{/if}}</dd>
</dl>
<form class="as-of" method="get" action="{{url}}">
<label for="stand">Stand am</label>
<input id="stand" name="stand" type="date" value="">
<button type="submit">Anzeigen</button>
</form>
<section aria-labelledby="beschlusspunkte">
<h2 id="beschlusspunkte">Beschlusspunkte</h2>
<ol class="demands">
{{#each demands}}
<li class="demand" id="ziffer-{{number}}">
<h3 class="demand-head">
<a class="anchor" href="#ziffer-{{number}}">Ziffer {{number}}</a>
<span class="status status-{{status}}">{{statusLabel}}</span>
</h3>
<p class="demand-text">{{text}}</p>
<p class="muted">Adressaten: {{addressees}}</p>
<h4 class="visually-hidden">Verlauf</h4>
<ol class="timeline">
{{#each followUps}}
<li class="follow-up">
<p class="follow-up-head">
<time datetime="{{date}}">{{dateShort}}</time>
· <span class="follow-up-kind">{{kind}}</span>
{{#if actorCode}}· <abbr title="{{actorName}}">{{actorCode}}</abbr>{{/if}}
{{#if actorLand}}· {{actorLand}}{{/if}}
{{#if resultingStatus}}→ <span class="status status-{{resultingStatus}}">{{resultingLabel}}</span>{{/if}}
</p>
<p class="follow-up-summary">{{summary}}{{#if link}} <a href="{{link}}" rel="noopener">Quelle</a>{{/if}}</p>
</li>
{{/each}}
</ol>
</li>
{{/each}}
</ol>
</section>
<section class="citation" aria-labelledby="zitiervorschlag">
<h2 id="zitiervorschlag">Zitiervorschlag</h2>
<p>{{r.shortName}}, Beschluss zu TOP {{r.agendaItem}}. Dauerhafter Link: <a href="{{url}}">{{url}}</a></p>
</section>
</article>
</main>
<footer class="site-footer"><div class="wrap"><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a> <a href="/barrierefreiheit">Barrierefreiheit</a></div></footer>
</body>
</html>
`,
);

const db = new Database(process.env.DATABASE_PATH!, { readonly: true });
db.pragma('cache_size = -8000');
db.pragma('mmap_size = 0');
const queries = referenceQueries(db);

type PageParams = { conference: string; meeting: string; item: string };

function renderPage({ conference, meeting, item }: PageParams): string | null {
  const r = queries.resolution.get(conference, meeting, item);
  if (!r) return null;
  const followUps = queries.followUps.all(r.id).map((f) => ({
    ...f,
    dateShort: formatDateShort(f.date),
    resultingLabel: f.resultingStatus ? STATUS_LABELS[f.resultingStatus] : null,
  }));
  const demands = queries.demands.all(r.id).map((d) => ({
    ...d,
    statusLabel: STATUS_LABELS[d.status],
    addressees: (JSON.parse(d.addressees) as string[]).join(', '),
    followUps: followUps.filter((f) => f.demandId === d.id),
  }));
  const label = meetingLabel(r.shortName, r);
  const url = resolutionPath(r.slug, r.urlKey, r.agendaItem);
  return template({ r, label, url, sponsors: queries.sponsors.all(r.id), demands });
}

const app = Fastify({ logger: false });
app.get<{ Params: PageParams }>('/:conference/:meeting/top/:item', async (request, reply) => {
  const page = renderPage(request.params);
  if (page === null) return reply.code(404).send('nicht gefunden');
  return reply.type('text/html; charset=utf-8').send(page);
});
const memory = new Map<string, Buffer>();
app.get<{ Params: PageParams }>('/memory/:conference/:meeting/top/:item', async (request, reply) => {
  let bytes = memory.get(request.url);
  if (bytes === undefined) {
    const page = renderPage(request.params);
    if (page === null) return reply.code(404).send('nicht gefunden');
    bytes = Buffer.from(page);
    memory.set(request.url, bytes);
  }
  return reply.type('text/html; charset=utf-8').send(bytes);
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3002) });
process.on('SIGTERM', () => {
  void app.close().then(() => {
    db.close();
    process.exit(0);
  });
});
