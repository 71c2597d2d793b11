/**
 * How a Ziffer of a repeat pair is named and linked, on the review queue and on the resolution
 * page: "Ziffer 2 von TOP 5.1, 98. GMK 2021" at its citable address.
 */
import { demandPath, meetingLabel, resolutionPath } from '../domain/citation.js';
import type { RepeatSide } from '../services/repeat-review.js';
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
