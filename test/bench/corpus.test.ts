/** The benchmark text corpus: determinism, vocabulary, Zipf shape, structure and speed. */
import { describe, expect, it } from 'vitest';
import {
  BENCH_CONFERENCES,
  BENCH_HORIZON,
  MAX_TOPS,
  MIN_TOPS,
  benchMeetingPlan,
  benchMeetingWithFiftyTops,
  generateBenchCorpus,
  type BenchCorpusOptions,
  type BenchItem,
} from './corpus.js';
import { BENCH_VOCABULARY, ZIPF_EXPONENT, createZipfSampler, makeRandom } from './words.js';
import { isLandCode } from '../../src/domain/laender.js';

function take(opts: BenchCorpusOptions, n: number): BenchItem[] {
  const out: BenchItem[] = [];
  for (const item of generateBenchCorpus(opts)) {
    out.push(item);
    if (out.length === n) break;
  }
  return out;
}

/** Least-squares slope of log(frequency) over log(rank). */
function zipfSlope(frequencies: number[]): number {
  const xs = frequencies.map((_, i) => Math.log(i + 1));
  const ys = frequencies.map((f) => Math.log(f));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] as number) - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

const words = (text: string) => text.split(' ').filter((w) => w.length > 0);

describe('bench corpus', () => {
  const opts: BenchCorpusOptions = { resolutions: 2_000, demandsPerResolution: 10, seed: 7 };

  it('is deterministic for a seed and differs between seeds', () => {
    const a = JSON.stringify(take(opts, 300));
    const b = JSON.stringify(take(opts, 300));
    const c = JSON.stringify(take({ ...opts, seed: 8 }, 300));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('has a vocabulary of at least 3,000 distinct German words', () => {
    expect(new Set(BENCH_VOCABULARY).size).toBe(BENCH_VOCABULARY.length);
    expect(BENCH_VOCABULARY.length).toBeGreaterThanOrEqual(3_000);
    const all = BENCH_VOCABULARY.join(' ');
    for (const w of ['Förderung', 'Forderung', 'Straße', 'Migrationsberatung', 'Maßnahme']) expect(all).toContain(w);
    expect(BENCH_VOCABULARY.slice(0, 3)).toEqual(['die', 'der', 'und']);
  });

  it('samples ranks with a Zipf distribution (exponent 1.07)', () => {
    const sample = createZipfSampler(makeRandom(1));
    const counts = new Float64Array(BENCH_VOCABULARY.length);
    const n = 1_000_000;
    for (let i = 0; i < n; i++) {
      const rank = sample();
      counts[rank] = (counts[rank] ?? 0) + 1;
    }
    const slope = zipfSlope([...counts.slice(0, 300)]);
    expect(Math.abs(slope + ZIPF_EXPONENT)).toBeLessThan(0.05);
    const ratio = (counts[0] as number) / (counts[9] as number);
    expect(ratio).toBeGreaterThan(10 ** ZIPF_EXPONENT * 0.9);
    expect(ratio).toBeLessThan(10 ** ZIPF_EXPONENT * 1.1);
  });

  it('writes text whose word frequencies are roughly Zipfian', () => {
    const freq = new Map<string, number>();
    for (const item of take(opts, 1_000)) {
      for (const d of item.resolution.demands) {
        for (const w of words(d.text.replace(/[.,]/g, ''))) {
          const key = w.toLowerCase();
          freq.set(key, (freq.get(key) ?? 0) + 1);
        }
      }
    }
    const sorted = [...freq.values()].sort((x, y) => y - x);
    expect(sorted.length).toBeGreaterThan(2_500);
    const slope = zipfSlope(sorted.slice(0, 200));
    expect(slope).toBeLessThan(-0.9);
    expect(slope).toBeGreaterThan(-1.25);
  });

  it('builds well-formed resolutions, demands and follow-ups', () => {
    const items = take(opts, 2_000);
    expect(items.length).toBe(2_000);
    const problems: string[] = [];
    const problem = (ok: boolean, what: string) => {
      if (!ok && problems.length < 20) problems.push(what);
    };
    const tops = new Set<string>();
    let demands = 0;
    for (const { conference, meetingIndex, resolution: r, followUps } of items) {
      const key = `${conference}|${meetingIndex}|${r.agendaItem}`;
      problem(r.conference === conference, `${key}: conference`);
      problem(!tops.has(key), `${key}: duplicate TOP`);
      tops.add(key);
      problem(/^\d+\.\d+$/.test(r.agendaItem), `${key}: agenda item`);
      const titleWords = words(r.title).length;
      problem(titleWords >= 4 && titleWords <= 10, `${key}: title of ${titleWords} words`);
      problem(r.sponsors.every(isLandCode), `${key}: sponsors`);
      if (r.decision.voting === 'counted') {
        problem((r.decision.yes ?? 0) + (r.decision.no ?? 0) + (r.decision.abstain ?? 0) <= 16, `${key}: votes`);
      }
      demands += r.demands.length;
      for (const d of r.demands) {
        for (const s of d.text.split(/(?<=\.) /)) {
          const n = words(s).length;
          problem(n >= 12 && n <= 30, `${key}: sentence of ${n} words`);
        }
      }
      const perDemand = new Map<number | null, number>();
      let previous = '';
      let previousDemand: number | null = -1;
      for (const f of followUps) {
        problem(f.date > (r.meeting.endDate ?? ''), `${key}: follow-up before the meeting`);
        problem(f.date <= BENCH_HORIZON, `${key}: follow-up after the horizon`);
        if (f.demandIndex === previousDemand) problem(f.date >= previous, `${key}: follow-ups out of order`);
        previous = f.date;
        previousDemand = f.demandIndex;
        if (f.demandIndex !== null) problem(f.demandIndex < r.demands.length, `${key}: demand index`);
        perDemand.set(f.demandIndex, (perDemand.get(f.demandIndex) ?? 0) + 1);
      }
      for (const [index, n] of perDemand) if (index !== null) problem(n <= 3, `${key}: ${n} follow-ups on one demand`);
    }
    expect(problems).toEqual([]);
    expect(demands / items.length).toBeGreaterThan(8.5);
    expect(demands / items.length).toBeLessThan(11.5);
  });

  it('plans ~12 conferences of ~40 meetings of 50–250 TOPs, one with exactly 50', () => {
    const full = { resolutions: 100_000, demandsPerResolution: 10, seed: 1 };
    const plan = benchMeetingPlan(full);
    expect(plan.reduce((sum, m) => sum + m.tops, 0)).toBe(100_000);
    expect(new Set(plan.map((m) => m.conference)).size).toBe(BENCH_CONFERENCES.length);
    for (const m of plan) {
      expect(m.tops).toBeGreaterThanOrEqual(MIN_TOPS);
      expect(m.tops).toBeLessThanOrEqual(MAX_TOPS);
    }
    const perConference = plan.length / BENCH_CONFERENCES.length;
    expect(perConference).toBeGreaterThan(30);
    expect(perConference).toBeLessThan(55);
    const fifty = benchMeetingWithFiftyTops(full);
    expect(fifty?.tops).toBe(50);
    // the corpus really has 50 items for that meeting
    const small = benchMeetingWithFiftyTops(opts);
    expect(small).not.toBeNull();
    const items = take(opts, 300).filter((i) => i.conference === small?.conference && i.meetingIndex === small.meetingIndex);
    expect(items.length).toBe(50);
  });

  it('generates resolutions in linear time: four times as many cost under ten times as much', () => {
    take(opts, 200); // warm up
    // No wall-clock limit (the test machine is shared): linear time is checked by growth, on this
    // process's CPU time (waiting for a core on a loaded machine does not count).
    const cost = (count: number): { ms: number; demands: number } => {
      const started = process.cpuUsage();
      let demands = 0;
      for (const item of generateBenchCorpus({ ...opts, resolutions: count, seed: 99 })) demands += item.resolution.demands.length;
      const used = process.cpuUsage(started);
      return { ms: (used.user + used.system) / 1000, demands };
    };
    let small = Infinity;
    let large = Infinity;
    let demands = 0;
    for (let i = 0; i < 5; i++) {
      small = Math.min(small, cost(500).ms);
      const run = cost(2000);
      large = Math.min(large, run.ms);
      demands = run.demands;
    }
    expect(demands).toBeGreaterThan(15_000);
    expect(large / Math.max(small, 1e-3)).toBeLessThan(10);
  });
});
