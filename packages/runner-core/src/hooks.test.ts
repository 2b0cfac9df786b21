import { describe, expect, it } from 'vitest';
import { items, range } from '../test/helpers.js';
import { createMemorySink, type Logger, runStage } from './index.js';

function memoryLogger() {
  const records: Array<{ level: string; obj: unknown; msg?: string }> = [];
  const make = (): Logger => ({
    debug: (obj, msg) => void records.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => void records.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => void records.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => void records.push({ level: 'error', obj, msg }),
    child: () => make(),
  });
  return { logger: make(), records };
}

describe('hooks (semantics 9)', () => {
  it('calls before-stage, before-item, after-item, after-stage in order, after the manifest row is written', async () => {
    const calls: string[] = [];
    const manifest = createMemorySink();
    await runStage(
      {
        name: 'h',
        plan: () => items(range(2)),
        worker: async (n: number) => {
          calls.push(`work ${n}`);
          return n;
        },
        hooks: {
          beforeStage: () => void calls.push('beforeStage'),
          beforeItem: (item, attempt) => void calls.push(`beforeItem ${item.id} #${attempt}`),
          afterItem: async (o) => {
            const rows = [];
            for await (const r of manifest.rows('h')) rows.push(r.itemId);
            calls.push(`afterItem ${o.id} ${o.status} recorded=${rows.includes(o.id)}`);
          },
          afterStage: (o) => void calls.push(`afterStage ${o.succeeded}`),
        },
      },
      { concurrency: 1, manifest },
    );
    expect(calls).toEqual([
      'beforeStage',
      'beforeItem item-0 #1',
      'work 0',
      'afterItem item-0 succeeded recorded=true',
      'beforeItem item-1 #1',
      'work 1',
      'afterItem item-1 succeeded recorded=true',
      'afterStage 2',
    ]);
  });

  it('a hook that throws is logged and breaks neither the run nor the item record', async () => {
    const manifest = createMemorySink();
    const { logger, records } = memoryLogger();
    const outcome = await runStage(
      {
        name: 'throwing-hooks',
        plan: () => items(range(3)),
        worker: async (n: number) => n,
        hooks: {
          beforeStage: () => {
            throw new Error('before stage');
          },
          beforeItem: () => {
            throw new Error('before item');
          },
          afterItem: async () => {
            throw new Error('after item');
          },
          afterStage: () => {
            throw new Error('after stage');
          },
        },
      },
      { manifest, logger, onEvent: () => {} },
    );
    expect(outcome).toMatchObject({ succeeded: 3, status: 'succeeded', hookErrors: 8 });
    expect(manifest.size).toBe(3);
    expect(records.filter((r) => r.level === 'error' && r.msg?.includes('hook failed'))).toHaveLength(8);
  });

  it('options.hooks run after the stage hooks', async () => {
    const calls: string[] = [];
    await runStage(
      {
        name: 'both',
        plan: () => items([1]),
        worker: async () => 1,
        hooks: { afterItem: () => void calls.push('stage') },
      },
      { hooks: { afterItem: () => void calls.push('options') } },
    );
    expect(calls).toEqual(['stage', 'options']);
  });
});
