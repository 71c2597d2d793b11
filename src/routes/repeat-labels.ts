/**
 * How a Ziffer of a repeat pair is named and linked, on the review queue, the resolution page and
 * the statistics: "Ziffer 2 von TOP 5.1, 98. GMK 2021" at its citable address.
 */
import { demandPath, meetingLabel, resolutionPath } from '../domain/citation.js';
import type { RepeatSide } from '../services/repeat-review.js';
import type { RepeatStatistics } from '../services/repeat-statistics.js';
import { DEMAND_STATUSES } from '../domain/vocabulary.js';
import { translate } from '../i18n.js';

/** "Ziffer 2 von TOP 5.1, 98. GMK 2021" (a resolution without numbered Ziffern: "TOP 5.1, …"). */
export function repeatSideLabel(side: RepeatSide): string {
  const meeting = meetingLabel(side.conferenceShortName, { number: side.meetingNumber, year: side.meetingYear, startDate: side.meetingStart });
  return side.number === null
    ? translate('repeats.sideUnnumbered', { top: side.agendaItem, meeting })
    : translate('repeats.side', { number: side.number, top: side.agendaItem, meeting });
}

/** Where a Ziffer is read: its citable address, or its TOP's page without a number. */
export function repeatSideUrl(side: RepeatSide): string {
  return side.number === null
    ? resolutionPath(side.conferenceSlug, side.meetingKey, side.agendaItem)
    : demandPath(side.conferenceSlug, side.meetingKey, side.agendaItem, side.number);
}

/** The statistic of demands raised at least twice, for the statistics page. */
export function repeatedDemandsView(stats: RepeatStatistics) {
  return {
    rows: stats.demands.map((demand) => {
      const latest = demand.raised.at(-1)!;
      return {
        label: repeatSideLabel(latest),
        url: repeatSideUrl(latest),
        title: latest.title,
        line: translate('repeats.summary', { since: demand.since, times: demand.times }),
        earlier: demand.raised.slice(0, -1).map((side) => ({ label: repeatSideLabel(side), url: repeatSideUrl(side) })),
        status: demand.status,
      };
    }),
    summary: translate(stats.demands.length === 1 ? 'repeats.statistics.summaryOne' : 'repeats.statistics.summary', {
      total: stats.demands.length,
      counts: DEMAND_STATUSES.filter((status) => stats.counts[status] > 0)
        .map((status) => `${translate(`status.${status}`)}: ${stats.counts[status]}`)
        .join(', '),
    }),
  };
}
