/**
 * A/B comparison of server builds by their CPU time per request, the figure that stays steady on
 * a shared machine (req/s does not): each server rotates over the same 3,000 public resolution
 * pages of the benchmark database as the `resolution-rotating-uncached` row does (page cache off),
 * in alternating rounds, and the median of the rounds is compared.
 *
 *   npm run build && tsc -p test/bench/tsconfig.json
 *   node dist/test/bench/ab.js [--rounds 8] [--seconds 3] [--warmup 12] [--db FILE] NAME=SCRIPT[:ENV=VALUE,…] …
 *
 * Besides the CPU time, each server's share of it spent in the kernel and the bytes it read from
 * the operating system per request (/proc/PID/io `rchar`: database pages not in SQLite's cache,
 * and the request itself).
 *
 * SCRIPT is a built server (`dist/server.js` of this or of another checkout, e.g. a copy of the
 * build before a change) or `dist/test/bench/reference.js`; ENV values are set for that process
 * only (e.g. `app=dist/server.js:PAGE_CACHE=true`). Every process gets the benchmark's environment
 * (bench.ts) with the page cache off.
 *
 * Each server is warmed up first (`--warmup` seconds of the same load): V8 goes on optimizing the
 * app's code on its helper threads for about ten seconds under this load, and a round in that time
 * counts that compiling as the page's CPU time (measured: helper threads 290 → 62 → 14 → 11 µs per
 * request in four windows of 4 s after the start).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ROOT_DIR } from '../../src/paths.js';
import { bytesRead, cpuSplit, startProcess, stop, type Started } from './processes.js';
import { rotatingPaths } from './rotating.js';
import { assertWrk, runWrk } from './wrk.js';

interface Server {
  name: string;
  started: Started;
  cpuUs: number[];
  /** Of cpuUs, the share spent in the kernel (system calls: reading database pages, the socket). */
  systemShare: number[];
  /** Bytes read from the operating system per request (database pages not in SQLite's cache, the request). */
  bytesRead: number[];
  rps: number[];
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** "name=script:A=1,B=2" → name, script and environment. */
function parseServer(spec: string): { name: string; script: string; env: Record<string, string> } {
  const equals = spec.indexOf('=');
  if (equals <= 0) throw new Error(`expected NAME=SCRIPT[:ENV=VALUE,…], got "${spec}"`);
  const [script, envText = ''] = spec.slice(equals + 1).split(':');
  const env = Object.fromEntries(
    envText
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [key, ...value] = pair.split('=');
        return [key!, value.join('=')];
      }),
  );
  return { name: spec.slice(0, equals), script: path.resolve(script!), env };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rounds: { type: 'string', default: '8' },
      seconds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '12' },
      db: { type: 'string', default: path.join(ROOT_DIR, 'data', 'bench', 'bench-100000.db') },
    },
  });
  if (positionals.length === 0) throw new Error('no server given: NAME=SCRIPT[:ENV=VALUE,…]');
  assertWrk();
  const db = new Database(values.db, { readonly: true });
  const paths = rotatingPaths(db);
  db.close();
  const servers: Server[] = [];
  try {
    for (const spec of positionals) {
      const { name, script, env } = parseServer(spec);
      const started = await startProcess(
        script,
        { DATABASE_PATH: values.db, LOAD_DEMO: 'false', RATE_LIMIT_ALLOW: '127.0.0.1', PAGE_CACHE: 'false', ...env },
        paths[0]!,
      );
      servers.push({ name, started, cpuUs: [], systemShare: [], bytesRead: [], rps: [] });
      await runWrk({ url: started.base, paths, durationSeconds: Number(values.warmup) });
    }
    for (let round = 0; round < Number(values.rounds); round++) {
      // alternating order: a slow phase of the machine falls on every server alike
      for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
        const pid = server.started.child.pid!;
        const before = cpuSplit(pid);
        const readBefore = bytesRead(pid);
        const result = await runWrk({ url: server.started.base, paths, durationSeconds: Number(values.seconds) });
        if (result.errors > 0 || result.non2xx > 0) throw new Error(`${server.name}: ${result.errors} errors, ${result.non2xx} answers ≥ 400`);
        const after = cpuSplit(pid);
        const requests = Math.max(1, result.requests);
        const cpu = after.user - before.user + after.system - before.system;
        server.cpuUs.push((cpu * 1e6) / requests);
        server.systemShare.push(cpu > 0 ? (after.system - before.system) / cpu : 0);
        server.bytesRead.push((bytesRead(pid) - readBefore) / requests);
        server.rps.push(result.rps);
      }
    }
  } finally {
    for (const server of servers) await stop(server.started.child);
  }
  const first = median(servers[0]!.cpuUs);
  for (const server of servers) {
    const cpu = median(server.cpuUs);
    process.stdout.write(
      `${server.name.padEnd(16)} ${cpu.toFixed(0).padStart(5)} µs/request (${(cpu / first).toFixed(2)} × ${servers[0]!.name})` +
        `  rounds ${server.cpuUs.map((us) => us.toFixed(0)).join(' ')}  req/s ${median(server.rps)}` +
        `  kernel ${(100 * median(server.systemShare)).toFixed(0)} %  read ${(median(server.bytesRead) / 1024).toFixed(1)} KiB/request\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
