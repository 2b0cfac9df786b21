#!/usr/bin/env node
// Writes a folder of demo text files for the example and for trying the stage: made-up words and
// sentences (plus some real accented and non-Latin words), a few hundred files from empty to about
// 200 KB in nested folders, and a few files the stage ignores. Seeded: the same arguments always
// write the same bytes.
//
//   node scripts/make-demo-texts.mjs <dir> [--files 300] [--seed 1] [--force]
//
// <dir> must be missing or empty; --force replaces it.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    files: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    force: { type: 'boolean', default: false },
  },
});
const dir = positionals[0];
const files = Number(values.files);
const seed = Number(values.seed);
if (!dir || !Number.isInteger(files) || files < 1 || !Number.isInteger(seed)) {
  console.error('usage: make-demo-texts.mjs <dir> [--files N >= 1] [--seed integer] [--force]');
  process.exit(2);
}
let existing = [];
try {
  existing = readdirSync(dir);
} catch {}
if (existing.length > 0 && !values.force) {
  console.error(`${dir} is not empty: pass --force to replace it`);
  process.exit(2);
}

// xorshift32, seeded (never 0): deterministic on every platform
let state = (seed ^ 0x9e3779b9) >>> 0 || 1;
const next = () => {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 0x100000000;
};
const int = (min, max) => min + Math.floor(next() * (max - min + 1));
const pick = (list) => list[int(0, list.length - 1)];

const onsets = ['b', 'br', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 'st', 't', 'tr', 'v', 'z'];
const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
const codas = ['', '', 'n', 'r', 's', 'l', 'th'];
const syllable = () => pick(onsets) + pick(vowels) + pick(codas);
// a fixed made-up lexicon, so that words repeat and the top-N lists mean something
const lexicon = Array.from({ length: 400 }, () => Array.from({ length: int(1, 3) }, syllable).join(''));
const foreign = [
  'café',
  'naïve',
  'Zürich',
  'smörgåsbord',
  'jalapeño',
  'żółw',
  'příliš',
  'garçon',
  'Straße',
  'don’t',
  "it's",
  'well-known',
  'Привет',
  'мир',
  'δεδομένα',
  'λόγος',
  '東京',
  '日本語',
  '数据',
  'مرحبا',
  'नमस्ते',
  '안녕하세요',
];
// Zipf-like: a few words are very common
const word = () => (next() < 0.05 ? pick(foreign) : lexicon[Math.floor(lexicon.length * next() ** 3)]);
const sentence = () => {
  const words = Array.from({ length: int(3, 16) }, word);
  words[0] = words[0].charAt(0).toUpperCase() + words[0].slice(1);
  return words.join(next() < 0.1 ? ', ' : ' ') + pick(['.', '.', '.', '!', '?']);
};
const paragraph = () => Array.from({ length: int(1, 6) }, sentence).join(' ');

rmSync(dir, { recursive: true, force: true });
const folders = ['', 'notes', 'notes/2025', 'notes/2026', 'reports', 'reports/drafts', 'letters'];
let bytes = 0;
for (let i = 0; i < files; i++) {
  const folder = join(dir, folders[i % folders.length]);
  mkdirSync(folder, { recursive: true });
  // sizes skewed small, with a long tail (so that the sjf schedule and chunked reading both matter)
  const paragraphs = i === 0 ? 0 : Math.max(1, Math.floor(next() ** 4 * 400));
  const body = Array.from({ length: paragraphs }, paragraph).join('\n\n');
  const text = paragraphs === 0 ? '' : i % 5 === 0 ? `# ${sentence()}\n\n${body}\n` : `${body}\n`;
  const name = `doc-${String(i).padStart(4, '0')}.${i % 5 === 0 ? 'md' : 'txt'}`;
  writeFileSync(join(folder, name), text);
  bytes += Buffer.byteLength(text);
}
// files the stage leaves alone: unlisted extensions
writeFileSync(join(dir, 'data.csv'), 'id,words\n1,2\n');
writeFileSync(join(dir, 'image.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
console.log(`wrote ${files} demo text files (${Math.round(bytes / 1024)} KiB, seed ${seed}) to ${dir}`);
