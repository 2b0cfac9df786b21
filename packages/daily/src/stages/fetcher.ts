import { type BreakerState, type BreakerStateStore, PoliteFetcher } from '@jobintel/providers';
import type { Store } from '@jobintel/store';
import type { RunContext } from '../context.js';

const fetchers = new WeakMap<RunContext, PoliteFetcher>();

/** Breaker state in the registry database, so it survives between runs. */
function storeBreakers(store: Store): BreakerStateStore {
  return {
    async load() {
      const out: Record<string, BreakerState> = {};
      for (const b of await store.breakers.all()) {
        out[b.host] = {
          state: b.state,
          failures: b.consecutiveFailures,
          openedAt: b.openedAt === null ? null : Date.parse(b.openedAt),
        };
      }
      return out;
    },
    async save(states) {
      for (const [host, s] of Object.entries(states).sort(([a], [b]) => (a < b ? -1 : 1))) {
        await store.breakers.set({
          host,
          state: s.state,
          consecutiveFailures: s.failures,
          openedAt: s.openedAt === null ? null : new Date(s.openedAt).toISOString(),
        });
      }
    },
  };
}

/** The run's one polite fetcher (shared by fetch and enrich, so per-host limits hold across both). */
export function fetcherOf(ctx: RunContext): PoliteFetcher {
  let fetcher = fetchers.get(ctx);
  if (!fetcher) {
    const { fetch } = ctx.loaded.config;
    fetcher = new PoliteFetcher(
      {
        userAgent: fetch.userAgent,
        ...(fetch.allowHosts ? { allowHosts: fetch.allowHosts } : {}),
        ...(fetch.politeness ? { politeness: fetch.politeness } : {}),
      },
      { logger: ctx.logger, breakerStore: storeBreakers(ctx.store) },
    );
    fetchers.set(ctx, fetcher);
  }
  return fetcher;
}

/** Closes the run's fetcher, if it made one. */
export async function closeFetcher(ctx: RunContext): Promise<void> {
  await fetchers.get(ctx)?.close();
  fetchers.delete(ctx);
}
