#!/usr/bin/env node
// `pnpm bench`: builds the packages, runs every packages/*/bench/*.bench.mjs in its own process (clean
// memory figures), prints each result and whether it met its target. `pnpm bench --write` also records
// the figures and the machine in docs/benchmarks.md (between the bench markers).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const write = process.argv.includes('--write');
const filter = process.argv.slice(2).find((a) => !a.startsWith('--'));

execFileSync('pnpm', ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const benches = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.bench.mjs') && (!filter || `${pkg}/${file}`.includes(filter)))
      benches.push({ pkg, file, dir });
  }
}

const results = [];
let failed = 0;
for (const { pkg, file, dir } of benches) {
  process.stderr.write(`bench: ${pkg}/${file} ...\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', join(dir, file)], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`bench: ${pkg}/${file} exited ${run.status}\n${run.stderr}\n`);
    continue;
  }
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const result = { package: pkg, ...JSON.parse(line) };
    results.push(result);
    console.log(JSON.stringify(result));
    if (result.pass === false) failed++;
  }
}

const machine = {
  date: new Date().toISOString().slice(0, 10),
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${release()}`,
  node: process.version,
};
console.log(JSON.stringify({ machine }));

if (write) {
  const docPath = join(root, 'docs', 'benchmarks.md');
  const doc = readFileSync(docPath, 'utf8');
  const fmt = (r) => {
    const { package: pkg, bench, target, pass, ...figures } = r;
    // nested figures (per-stage times, say) as `{fetch 8460, score 15149}`
    const cell = (v) =>
      v !== null && typeof v === 'object'
        ? `{${Object.entries(v)
            .map(([k, x]) => `${k} ${cell(x)}`)
            .join(', ')}}`
        : String(v);
    const cells = Object.entries(figures)
      .map(([k, v]) => `${k} ${cell(v)}`)
      .join(', ');
    return `| ${pkg} | ${bench} | ${cells} | ${target ?? ''} | ${pass === undefined ? '' : pass ? 'yes' : '**no**'} |`;
  };
  const block = [
    '<!-- bench:start -->',
    `Last recorded ${machine.date} on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}.`,
    '',
    '| package | benchmark | figures | target | met |',
    '|---|---|---|---|---|',
    ...results.map(fmt),
    '<!-- bench:end -->',
  ].join('\n');
  writeFileSync(docPath, doc.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, block));
  process.stderr.write(`bench: recorded ${results.length} results in docs/benchmarks.md\n`);
}
process.exitCode = failed > 0 ? 1 : 0;
