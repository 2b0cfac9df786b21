import robotsParserImport from 'robots-parser';

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
type RobotsParser = (url: string, robotstxt: string) => Robot;
// robots-parser is CommonJS (`module.exports = fn`); its typings describe an ES default export
const robotsParser = ((robotsParserImport as unknown as { default?: RobotsParser }).default ??
  robotsParserImport) as unknown as RobotsParser;

interface Entry {
  robot: Robot | null;
  /** Set when robots.txt could not be read (5xx, network): everything is disallowed until expiry. */
  unreachable: string | null;
  expiresAt: number;
}

/** Fetches robots.txt for an origin; returns status and body (or throws on network failure). */
export type RobotsFetch = (url: string) => Promise<{ status: number; body: string }>;

/**
 * robots.txt per origin, fetched once and cached for `ttlMs`, checked with the same User-Agent that
 * fetches pages. Per RFC 9309: 4xx means no restrictions; 5xx or an unreachable file means disallow
 * everything for now.
 */
export class RobotsCache {
  private readonly entries = new Map<string, Promise<Entry>>();
  private readonly fetchRobots: RobotsFetch;
  private readonly userAgent: string;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(fetchRobots: RobotsFetch, userAgent: string, ttlMs: number, now: () => number) {
    this.fetchRobots = fetchRobots;
    this.userAgent = userAgent;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  /** null when allowed, else why not. */
  async check(target: URL): Promise<string | null> {
    const entry = await this.entry(target.origin);
    if (entry.unreachable) return entry.unreachable;
    if (!entry.robot) return null;
    return entry.robot.isAllowed(target.toString(), this.userAgent) === false
      ? `robots.txt disallows ${target.pathname} for this User-Agent`
      : null;
  }

  private entry(origin: string): Promise<Entry> {
    const cached = this.entries.get(origin);
    if (cached) {
      return cached.then((e) => {
        if (e.expiresAt > this.now()) return e;
        this.entries.delete(origin);
        return this.entry(origin);
      });
    }
    const url = `${origin}/robots.txt`;
    const p = this.fetchRobots(url).then(
      ({ status, body }): Entry => {
        const expiresAt = this.now() + this.ttlMs;
        if (status >= 200 && status < 300)
          return { robot: robotsParser(url, body), unreachable: null, expiresAt };
        if (status >= 400 && status < 500) return { robot: null, unreachable: null, expiresAt };
        return { robot: null, unreachable: `robots.txt unreachable (HTTP ${status})`, expiresAt };
      },
      (error: unknown): Entry => ({
        robot: null,
        unreachable: `robots.txt unreachable (${(error as Error).message})`,
        // retry an unreachable robots.txt sooner than a good one
        expiresAt: this.now() + Math.min(this.ttlMs, 60_000),
      }),
    );
    this.entries.set(origin, p);
    return p;
  }
}
