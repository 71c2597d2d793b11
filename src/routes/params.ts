/** Path parameters of the archive's stable addresses, shared by pages, feeds and exports. */
import { Type } from '@fastify/type-provider-typebox';

export const ConferenceParam = Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' });
export const MeetingParam = Type.String({ pattern: '^([0-9]{1,4}|[0-9]{4}-[0-9]{2}-[0-9]{2})$' });
export const AgendaItemParam = Type.String({ pattern: '^[A-Z]?[0-9]+[a-z]?([./][0-9]+[a-z]?)*$', maxLength: 40 });
