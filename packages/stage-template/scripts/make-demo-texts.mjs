#!/usr/bin/env node
// Writes a deterministic folder of demo text files (seeded; our own made-up words), for the example
// and the benchmarks. Usage: node scripts/make-demo-texts.mjs <dir> [files=300] [seed=1]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, filesArg = '300', seedArg = '1'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: make-demo-texts.mjs <dir> [files] [seed]');
  process.exit(2);
}

let state = Number(seedArg) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const syllables = [
  'ka',
  'lo',
  'mi',
  'ten',
  'ra',
  'vu',
  'sol',
  'an',
  'ber',
  'qui',
  'do',
  'ne',
  'sta',
  'pri',
  'zo',
];
const extras = [
  'café',
  'naïve',
  'Zürich',
  'smörgås',
  'jalapeño',
  'don’t',
  'well-known',
  'Привет',
  'мир',
  '東京',
  'δεδομένα',
  'straße',
];
const word = () =>
  random() < 0.08
    ? pick(extras)
    : Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(syllables)).join('');
const sentence = () => {
  const words = Array.from({ length: 4 + Math.floor(random() * 12) }, word);
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(' ')}${pick(['.', '.', '!', '?'])}`;
};

const files = Number(filesArg);
for (let i = 0; i < files; i++) {
  const folder = join(dir, `part-${String(i % 10).padStart(2, '0')}`);
  mkdirSync(folder, { recursive: true });
  // sizes from a few lines to a few thousand, skewed small (so the sjf schedule matters)
  const paragraphs = Math.max(1, Math.floor(random() ** 3 * 120));
  const text = Array.from({ length: paragraphs }, () =>
    Array.from({ length: 1 + Math.floor(random() * 6) }, sentence).join(' '),
  ).join('\n\n');
  writeFileSync(join(folder, `doc-${String(i).padStart(4, '0')}.${i % 7 === 0 ? 'md' : 'txt'}`), `${text}\n`);
}
writeFileSync(join(dir, 'ignored.bin'), Buffer.from([0, 1, 2, 3]));
console.log(`wrote ${files} demo files to ${dir}`);
