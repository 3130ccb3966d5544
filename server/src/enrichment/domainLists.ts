/**
 * A membership check over a maintained list of mailbox domains (free-mail providers from
 * `email-providers`, throwaway ones from `disposable-email-domains-js`), built once into a Set.
 * (disposable-email-domains-js's own `isDisposableEmailDomain` rebuilds its Set on every call: measured
 * as 15% of CPU on the store-hit path, so the list is read once here.)
 */
export function createDomainListCheck(domains: readonly string[]): (host: string) => boolean {
  const set = new Set(domains.map((domain) => domain.toLowerCase()));
  return (host) => set.has(host.toLowerCase());
}
