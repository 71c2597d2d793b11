/**
 * The files of the demo archive under fixtures/demo: written by the demo generator
 * (test/tools/generate-demo), read on the very first start of the server (services/demo.ts).
 * Resolutions themselves are in the import interchange format (import-format.ts).
 */
import type { LandCode } from './laender.js';
import type { DemandStatus, FollowUpKind, MeetingKind, ReleaseState, Visibility } from './vocabulary.js';

/** A meeting in conferences.json. */
export interface DemoMeeting {
  number: number | null;
  year: number;
  startDate: string;
  endDate: string;
  place: string | null;
  chairLand: LandCode;
  kind: MeetingKind;
}

/** conferences.json: the conferences with their meetings. */
export interface DemoConference {
  shortName: string;
  slug: string;
  name: string;
  meetings: DemoMeeting[];
}

/** One file of resolutions in manifest.json: where it comes from and how far it is released. */
export interface DemoManifestFile {
  path: string;
  source: string;
  synthetic: boolean;
  release: ReleaseState;
  /** The release date for `public` files, null otherwise. */
  releasedOn: string | null;
}

export interface DemoManifest {
  files: DemoManifestFile[];
}

/** followups.json: one follow-up, addressed by conference, meeting, TOP and demand number. */
export interface DemoFollowUp {
  conference: string;
  /** The meeting's ordinal number, or its startDate for a meeting without one. */
  meeting: number | string;
  agendaItem: string;
  /** The demand number, or null for the whole resolution (or its single unnumbered demand). */
  demand: string | null;
  date: string;
  /** A code from src/domain/actors.ts valid at `date`, a Land code, or AG (working group) / GS (secretariat). */
  actor: string;
  kind: FollowUpKind;
  summary: string;
  link: string | null;
  status: DemandStatus | null;
  visibility: Visibility;
}
