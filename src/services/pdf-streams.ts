/**
 * How much a PDF's streams decompress to, measured before pdfjs reads the file. pdfjs keeps each
 * decoded stream whole in memory, so a small upload of compressed zeros (a "PDF bomb": 25 MB
 * become 25 GB) would take the server's memory. Here every stream is inflated once, in chunks of
 * 64 KB that are counted and dropped, and the count stops as soon as the budget is passed: memory
 * stays at a few chunks, whatever the file claims.
 *
 * Streams are found by their keyword after a dictionary (`>> stream`), their data runs to the next
 * `endstream`; the filters are read from the dictionary. Chains of FlateDecode are inflated and
 * counted; other filters (LZW, RunLength, ASCII85, …) are counted at the most they can expand to,
 * image codecs (DCT, JPX, JBIG2, CCITT) at their stored size.
 */
import { createInflate, inflateSync, type Inflate } from 'node:zlib';

const CHUNK = 64 * 1024;
/** Below this a stream is inflated at once (the output bounded by the same size), above it in chunks. */
const SMALL_OUTPUT = 4 * 1024 * 1024;

const FLATE = new Set(['FlateDecode', 'Fl']);
/** The most one stored byte can become, for filters not decoded here. */
const EXPANSION: Readonly<Record<string, number>> = {
  FlateDecode: 1032,
  Fl: 1032,
  LZWDecode: 2731,
  LZW: 2731,
  RunLengthDecode: 64,
  RL: 64,
  ASCII85Decode: 4,
  A85: 4,
};

interface StreamSpan {
  /** The filters named in the dictionary, in order; null when they are not names (an indirect object). */
  readonly filters: readonly string[] | null;
  readonly start: number;
  readonly end: number;
}

const STREAM_KEYWORD = />>\s*stream/g;
const FILTER = /\/Filter\s*(\[[^\]]*\]|\/[^\s/<>[\]()]+)?/;

/** Where the data after the keyword begins: after the end of its line, as pdfjs reads it. */
function dataStart(text: string, from: number): number {
  let at = from;
  while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
  if (text[at] === '\r' && text[at + 1] === '\n') return at + 2;
  return Math.min(at + 1, text.length);
}

/** The streams of the file in order of appearance (what pdfjs could decode); each part of the file is read once. */
function streamsOf(bytes: Uint8Array): StreamSpan[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const spans: StreamSpan[] = [];
  const integerObjects = integerObjectsOf(text);
  const keyword = new RegExp(STREAM_KEYWORD.source, 'g');
  let previousEnd = 0;
  for (let match = keyword.exec(text); match !== null; match = keyword.exec(text)) {
    const start = dataStart(text, match.index + match[0].length);
    const before = text.slice(Math.max(previousEnd, match.index - 64 * 1024), match.index + 2);
    const dictionary = before.slice(Math.max(0, before.lastIndexOf('obj')));
    const endstream = text.indexOf('endstream', start);
    // pdfjs reads /Length bytes when the length is right: "endstream" may also occur inside the data
    const length = lengthOf(dictionary, integerObjects);
    const end = Math.min(text.length, Math.max(endstream === -1 ? text.length : endstream, length === null ? 0 : start + length));
    spans.push({ filters: filtersOf(dictionary), start, end });
    keyword.lastIndex = Math.max(end, keyword.lastIndex);
    previousEnd = end;
  }
  return spans;
}

/** The stream's /Length, direct or through an object holding just a number (`12 0 obj 1234 endobj`). */
function lengthOf(dictionary: string, integerObjects: () => Map<string, number>): number | null {
  const length = /\/Length\s+(\d+)(?:\s+(\d+)\s+R)?/.exec(dictionary);
  if (!length) return null;
  if (length[2] === undefined) return Number(length[1]);
  return integerObjects().get(`${length[1]} ${length[2]}`) ?? null;
}

/** Every object of the file that holds just a number, by "number generation" (read once, when needed). */
function integerObjectsOf(text: string): () => Map<string, number> {
  let objects: Map<string, number> | undefined;
  return () => {
    objects ??= new Map([...text.matchAll(/(?<![0-9])(\d+)\s+(\d+)\s+obj\s*(\d+)\s*endobj/g)].map((m) => [`${m[1]} ${m[2]}`, Number(m[3])]));
    return objects;
  };
}

function filtersOf(dictionary: string): string[] | null {
  const filter = FILTER.exec(dictionary);
  if (!filter) return [];
  if (filter[1] === undefined) return null;
  return [...filter[1].matchAll(/\/([^\s/<>[\]()]+)/g)].map((name) => name[1]!);
}

/** The bytes that layers of inflate make of `data`, counted up to just past `budget`. */
function inflatedLength(data: Uint8Array, layers: number, budget: number): Promise<number> {
  if (layers === 1) {
    try {
      return Promise.resolve(inflateSync(data, { maxOutputLength: Math.min(budget + 1, SMALL_OUTPUT) }).length);
    } catch {
      // larger than SMALL_OUTPUT, or broken after a while: counted in chunks below
    }
  }
  return new Promise((resolve) => {
    const stages: Inflate[] = Array.from({ length: layers }, () => createInflate({ chunkSize: CHUNK }));
    let total = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      for (const stage of stages) stage.destroy();
      resolve(total);
    };
    for (let i = 0; i + 1 < stages.length; i++) stages[i]!.pipe(stages[i + 1]!);
    for (const stage of stages) stage.on('error', finish);
    const last = stages.at(-1)!;
    last.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > budget) finish();
    });
    last.on('end', finish);
    stages[0]!.end(data);
  });
}

async function decodedLength(bytes: Uint8Array, span: StreamSpan, budget: number): Promise<number> {
  const data = bytes.subarray(span.start, span.end);
  const filters = span.filters;
  if (filters === null) {
    // an indirect /Filter: pdfjs resolves it; inflate if it inflates, else the stored size
    return Math.max(await inflatedLength(data, 1, budget), data.length);
  }
  if (filters.length > 0 && filters.every((name) => FLATE.has(name))) return inflatedLength(data, filters.length, budget);
  return filters.reduce((size, name) => size * (EXPANSION[name] ?? 1), data.length);
}

/**
 * True when the streams of the PDF decompress to at most `budget` bytes together. Reads each
 * stream once, keeping no more than a few chunks of output at a time.
 */
export async function decodedWithin(bytes: Uint8Array, budget: number): Promise<boolean> {
  let total = 0;
  for (const span of streamsOf(bytes)) {
    total += await decodedLength(bytes, span, budget - total);
    if (total > budget) return false;
  }
  return true;
}
