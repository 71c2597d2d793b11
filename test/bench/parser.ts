/**
 * Parser throughput over a generated 300-TOP collection (see `buildSyntheticCollection`):
 * `measureParser()` is called by the main benchmark (`npm run bench`); run this file directly
 * to print the figure alone.
 */
import { pathToFileURL } from 'node:url';
import { parseResolutionText } from '../../src/domain/parser/index.js';
import { buildSyntheticCollection } from '../../src/domain/parser/synthetic-collection.js';

export interface ParserMeasurement {
  /** Size of the collection text in MB (UTF-8). */
  mb: number;
  /** Median time of one parse. */
  seconds: number;
  mbPerSecond: number;
  /** Resolutions the parser found (should equal the TOPs generated). */
  resolutions: number;
}

export function measureParser(topCount = 300, repetitions = 7): ParserMeasurement {
  const text = buildSyntheticCollection(topCount);
  const mb = Buffer.byteLength(text, 'utf8') / 1_000_000;
  let resolutions = 0;
  for (let run = 0; run < 5; run++) resolutions = parseResolutionText(text).resolutions.length; // warm-up (JIT)
  const times: number[] = [];
  for (let run = 0; run < repetitions; run++) {
    const start = process.hrtime.bigint();
    resolutions = parseResolutionText(text).resolutions.length;
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  const seconds = times[Math.floor(times.length / 2)]!;
  return { mb, seconds, mbPerSecond: mb / seconds, resolutions };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { mb, seconds, mbPerSecond, resolutions } = measureParser();
  console.log(`Parser: ${resolutions} Beschlüsse, ${mb.toFixed(2)} MB in ${(seconds * 1000).toFixed(1)} ms → ${mbPerSecond.toFixed(1)} MB/s`);
}
