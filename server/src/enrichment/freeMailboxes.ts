/** Hosts of free and consumer mailbox providers, from the maintained `email-providers` list (~8,700 domains). */
export function createFreeMailboxCheck(domains: readonly string[]): (host: string) => boolean {
  const set = new Set(domains.map((domain) => domain.toLowerCase()));
  return (host) => set.has(host.toLowerCase());
}
