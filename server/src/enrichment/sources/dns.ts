import { CONFIDENCE } from '../confidence';
import type { Source } from '../engine';
import { detectTechnologies } from '../fingerprints';
import type { Identifiers } from '../identifiers';
import { companyDomain } from './web';

/** MX and TXT lookups (server/src/outbound/dns.ts implements them with node:dns). */
export interface DnsLookups {
  mx(domain: string, signal: AbortSignal): Promise<string[]>;
  txt(domain: string, signal: AbortSignal): Promise<string[]>;
}

/**
 * The company's DNS: MX records show its mail provider (Google Workspace, Microsoft 365, ...), TXT and
 * SPF records the SaaS it verified or sends through (Salesforce, HubSpot, Zendesk, Stripe, ...), both
 * read with the same webappanalyzer fingerprints as the web source. A domain without records is no match.
 */
export function createDnsSource(options: { lookups: DnsLookups; isFreeMailbox: (host: string) => boolean; now: () => Date }): Source {
  return {
    name: 'dns',
    entity: 'company',
    provides: ['technologies'],
    async lookup(identifiers: Identifiers, _wanted, signal) {
      const target = companyDomain(identifiers, options.isFreeMailbox);
      if (target === null) return {};
      const [mx, txt] = await Promise.all([
        options.lookups.mx(target.domain, signal).catch(noRecords),
        options.lookups.txt(target.domain, signal).catch(noRecords),
      ]);
      const technologies = detectTechnologies({ dns: { mx, txt } });
      if (technologies.length === 0) return {};
      return { technologies: { value: technologies.join(', '), confidence: CONFIDENCE.dns.technologies, fetchedAt: options.now(), matchedOn: target.matchedOn } };
    },
  };
}

/** NXDOMAIN / no data is an answer (nothing there); other failures are failures of the source. */
function noRecords(error: NodeJS.ErrnoException): string[] {
  if (error.code === 'ENOTFOUND' || error.code === 'ENODATA') return [];
  throw error;
}
