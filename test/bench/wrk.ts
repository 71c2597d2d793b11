/**
 * The load generator of the benchmark: wrk (C, event loop, does not decode response bodies), so
 * that the figures measure the server rather than the client — a JavaScript load generator spends
 * more CPU per request on a page with umlauts than the server spends making it.
 *
 * One Lua script serves every row: it sends the paths of a list file in turn (each of wrk's
 * threads starting at its own offset), or one path over and over, and prints wrk's summary as
 * one JSON line at the end (requests, bytes, errors, latency percentiles).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What to tell a user without wrk (also the README's instruction). */
export const WRK_MISSING =
  'wrk fehlt (der Benchmark misst mit wrk) / wrk is not installed: sudo apt-get install wrk  (Debian/Ubuntu-Paket "wrk")';

/** Throws with the apt-get hint when `wrk` is not on the PATH. */
export function assertWrk(): void {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (probe.error || !`${probe.stdout}${probe.stderr}`.includes('wrk')) throw new Error(WRK_MISSING);
}

const SCRIPT = String.raw`
local paths = {}
local list = os.getenv("WRK_PATHS")
if list ~= nil and list ~= "" then
  for line in io.lines(list) do
    if line ~= "" then paths[#paths + 1] = line end
  end
end
local headers = {}
local encoding = os.getenv("WRK_ACCEPT_ENCODING")
if encoding ~= nil and encoding ~= "" then headers["Accept-Encoding"] = encoding end

local counter = 1
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 7919
end

local i = 0
function init(args)
  i = offset or 0
end

function request()
  if #paths == 0 then return wrk.format("GET", nil, headers) end
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50":%d,"p95":%d,"p97_5":%d,"p99":%d,"mean":%.1f,"max":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(97.5), latency:percentile(99), latency.mean, latency.max))
end
`;

let scriptFile: string | null = null;
function script(): string {
  if (scriptFile === null) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-wrk-'));
    scriptFile = path.join(dir, 'rotate.lua');
    writeFileSync(scriptFile, SCRIPT);
  }
  return scriptFile;
}

export interface WrkOptions {
  /** Base URL (http://host:port); with `paths` empty, the URL itself is requested. */
  url: string;
  /** Paths sent in turn; at least one. */
  paths?: readonly string[];
  connections?: number;
  threads?: number;
  durationSeconds: number;
  /** Sent as Accept-Encoding (none by default: the identity body). */
  acceptEncoding?: string;
}

export interface WrkResult {
  requests: number;
  rps: number;
  /** Milliseconds. */
  p50: number;
  p95: number;
  p97_5: number;
  p99: number;
  /** Socket errors (connect, read, write, timeout) and answers with a status ≥ 400. */
  errors: number;
  non2xx: number;
  /** CPU time of wrk itself per request (user + system), µs. */
  clientCpuUs: number;
}

const ms = (us: number) => Math.round(us / 10) / 100;

/** Runs wrk once and returns its summary. */
export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), WRK_ACCEPT_ENCODING: options.acceptEncoding ?? '' };
  if (options.paths && options.paths.length > 0) {
    const list = path.join(path.dirname(script()), `paths-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(list, `${options.paths.join('\n')}\n`);
    env.WRK_PATHS = list;
  } else {
    env.WRK_PATHS = '';
  }
  const args = [
    `-t${options.threads ?? 2}`,
    `-c${options.connections ?? 10}`,
    `-d${options.durationSeconds}s`,
    '--latency',
    '-s',
    script(),
    options.url,
  ];
  return new Promise((resolve, reject) => {
    // the shell's `times` reports the CPU time of its children: wrk's own cost per request
    const child = spawn('sh', ['-c', 'command -v wrk >/dev/null || exit 127; wrk "$@"; s=$?; times; exit $s', 'sh', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new Error(WRK_MISSING) : error));
    child.on('close', (code) => {
      if (code === 127) {
        reject(new Error(WRK_MISSING));
        return;
      }
      const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
      if (code !== 0 || !line) {
        reject(new Error(`wrk failed (exit ${code}): ${err.trim() || out.trim()}`));
        return;
      }
      const s = JSON.parse(line.slice('WRK_JSON '.length)) as Record<string, number>;
      const seconds = s.durationUs! / 1e6;
      // `times`: the shell's user and system time, then its children's ("0m1.234s 0m0.567s")
      const childTimes = out.trim().split('\n').at(-1)!.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
      const cpuSeconds = childTimes ? Number(childTimes[1]) * 60 + Number(childTimes[2]) + Number(childTimes[3]) * 60 + Number(childTimes[4]) : 0;
      resolve({
        requests: s.requests!,
        rps: Math.round(s.requests! / seconds),
        p50: ms(s.p50!),
        p95: ms(s.p95!),
        p97_5: ms(s.p97_5!),
        p99: ms(s.p99!),
        errors: s.connect! + s.read! + s.write! + s.timeout!,
        non2xx: s.status!,
        clientCpuUs: Math.round((cpuSeconds * 1e6) / Math.max(1, s.requests!)),
      });
    });
  });
}
