/**
 * The database plugin owns the connection: opened (pragmas, migrations) when the app starts,
 * closed in onClose.
 */
import fp from 'fastify-plugin';
import { openDatabase, type Connection, type Db } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../paths.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    sqlite: Connection['sqlite'];
  }
}

export default fp(
  async function dbPlugin(fastify, opts: { databasePath: string; connection?: Connection }) {
    const connection = opts.connection ?? openDatabase(opts.databasePath, MIGRATIONS_DIR);
    fastify.decorate('db', connection.db);
    fastify.decorate('sqlite', connection.sqlite);
    fastify.addHook('onClose', async () => {
      connection.close();
    });
  },
  { name: 'db' },
);
