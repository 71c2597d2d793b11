/**
 * The administration (role admin): user accounts at /verwaltung/benutzer and the audit log at
 * /verwaltung/protokoll, the outbox of e-mail at /verwaltung/postausgang. Every route is for the role admin only (config.access + guard).
 */
import type { FastifyPluginAsync } from 'fastify';
import usersRoutes from './users.js';
import auditRoutes from './audit.js';
import outboxRoutes from './outbox.js';

const adminRoutes: FastifyPluginAsync = async (fastify) => {
  await fastify.register(usersRoutes);
  await fastify.register(auditRoutes);
  await fastify.register(outboxRoutes);
};

export default adminRoutes;
