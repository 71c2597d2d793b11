/** The benchmark's processes: free ports, starting the built app and waiting for it, cold starts, CPU time and peak memory read from /proc. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { ROOT_DIR, SERVER_BUNDLE } from '../../src/paths.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor200(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no 200 from ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Started {
  child: ChildProcess;
  base: string;
  coldStartMs: number;
}

/** One of the benchmark's own processes, as tsc built it. */
export function builtCli(file: string): string {
  return path.join(ROOT_DIR, 'dist', 'test', 'bench', file);
}

/** Starts a built script (a path under dist/) and waits for its first 200. */
export async function startProcess(script: string, env: Record<string, string>, probePath: string): Promise<Started> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [script], {
    cwd: ROOT_DIR,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}${probePath}`, 30_000);
  return { child, base, coldStartMs: performance.now() - started };
}

export function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : 0;
}

/** How often the app is started for the cold-start figure: one start is one sample of a noisy machine. */
export const COLD_STARTS = 5;

/**
 * Cold start (process start to the first 200 of `/`): the median of several starts of the app,
 * with every sample. The first start of a run also pays for a cold file cache. The last start
 * stays running for the measurements that follow.
 */
export async function coldStarts(env: Record<string, string>): Promise<{ medianMs: number; samplesMs: number[]; running: Started }> {
  const samplesMs: number[] = [];
  let running = await startProcess(SERVER_BUNDLE, env, '/');
  samplesMs.push(Math.round(running.coldStartMs));
  while (samplesMs.length < COLD_STARTS) {
    await stop(running.child);
    running = await startProcess(SERVER_BUNDLE, env, '/');
    samplesMs.push(Math.round(running.coldStartMs));
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, samplesMs, running };
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const { user, system } = cpuSplit(pid);
  return user + system;
}

/** CPU seconds a process has used so far in user space and in the kernel, from /proc. */
export function cpuSplit(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 }; // utime, stime in clock ticks (USER_HZ = 100)
}

/**
 * Bytes a process has read so far through read calls (files and sockets, /proc/PID/io `rchar`):
 * for a server on SQLite, the database pages its own cache did not hold, and the requests.
 */
export function bytesRead(pid: number): number {
  return Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
}
