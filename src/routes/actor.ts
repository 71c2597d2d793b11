/** Who does what, as the audit log records it. */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../services/audit.js';

/** The logged-in user of a guarded request as the audit log's actor: id, e-mail and IP address. */
export function actorOf(request: FastifyRequest): Actor {
  const user = request.user!;
  return { userId: user.userId, name: user.email, ip: request.ip };
}
