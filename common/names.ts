/**
 * Names from an email's local part. Pure and dependency-free, shared (common/): the server's derived source and the
 * client's mock fallback use the same rule.
 */

/** Mailboxes that belong to a role or a system, not to a person: no names come from them. */
const ROLE_MAILBOXES = new Set([
  'admin', 'administrator', 'billing', 'careers', 'contact', 'enquiries', 'feedback', 'hello', 'help', 'hi',
  'hr', 'info', 'inquiries', 'jobs', 'legal', 'mail', 'marketing', 'media', 'news', 'newsletter', 'no-reply',
  'noreply', 'office', 'postmaster', 'press', 'privacy', 'sales', 'security', 'service', 'support', 'team',
  'webmaster',
]);

const NAME_PART = /^\p{L}[\p{L}'-]*\p{L}$/u;

function capitalise(part: string): string {
  return part
    .split('-')
    .map((piece) => (piece.length === 0 ? piece : piece[0]!.toUpperCase() + piece.slice(1)))
    .join('-');
}

/**
 * Names from an email local part: `jane.doe`, `jane_doe` -> Jane / Doe (0.7); a lone `jane` -> Jane (0.4).
 * Role mailboxes and parts with digits give nothing.
 */
export function namesFromLocalPart(local: string): { first: string; last?: string; confidence: number } | null {
  if (ROLE_MAILBOXES.has(local)) return null;
  const parts = local.split(/[._]/).filter((part) => part.length > 0);
  if (parts.length === 2 && parts.every((part) => NAME_PART.test(part))) {
    return { first: capitalise(parts[0]!), last: capitalise(parts[1]!), confidence: 0.7 };
  }
  if (parts.length === 1 && NAME_PART.test(parts[0]!) && parts[0]!.length >= 3) {
    return { first: capitalise(parts[0]!), confidence: 0.4 };
  }
  return null;
}

/** True for mailboxes of a role or system (info@, sales@, noreply@), which name no person. */
export function isRoleMailbox(local: string): boolean {
  return ROLE_MAILBOXES.has(local);
}
