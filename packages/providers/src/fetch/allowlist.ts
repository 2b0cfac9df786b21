/** Hosts the fetcher talks to by default: the public endpoints of the seven ATS formats. */
export const DEFAULT_ALLOWED_HOSTS = [
  'boards-api.greenhouse.io',
  'api.lever.co',
  'api.eu.lever.co',
  'api.ashbyhq.com',
  'jobs.ashbyhq.com',
  'api.smartrecruiters.com',
  'apply.workable.com',
  'www.workable.com',
  '*.recruitee.com',
  '*.jobs.personio.de',
  '*.jobs.personio.com',
] as const;

/**
 * Is `hostname` on the allowlist? Entries are exact host names, or `*.example.com` for any subdomain
 * (not the apex). Ports are ignored; comparison is case-insensitive.
 */
export function hostAllowed(hostname: string, allowlist: readonly string[]): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '');
  return allowlist.some((entry) => {
    const e = entry.toLowerCase();
    if (e.startsWith('*.')) return host.endsWith(e.slice(1)) && host.length > e.length - 1;
    return host === e;
  });
}
