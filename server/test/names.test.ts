/** Names from an email's local part, and role mailboxes: edges `make mutation` found untested. */
import { isRoleMailbox, namesFromLocalPart } from '../src/enrichment/names';

describe('namesFromLocalPart edges', () => {
  it.each([
    ['jane..doe', { first: 'Jane', last: 'Doe', confidence: 0.7 }],
    ['.jane.doe.', { first: 'Jane', last: 'Doe', confidence: 0.7 }],
    ['anne--marie.dupont', { first: 'Anne--Marie', last: 'Dupont', confidence: 0.7 }],
    ['ann', { first: 'Ann', confidence: 0.4 }],
  ])('%s', (local, expected) => {
    expect(namesFromLocalPart(local)).toEqual(expected);
  });

  it.each(['jane.x', 'jane.42', 'x.doe', '42', 'jane.doe.smith'])('gives no names for %s (every part must be a name)', (local) => {
    expect(namesFromLocalPart(local)).toBeNull();
  });
});

describe('isRoleMailbox', () => {
  it.each(['info', 'sales', 'noreply', 'no-reply', 'support'])('is true for %s', (local) => {
    expect(isRoleMailbox(local)).toBe(true);
  });

  it.each(['jane', 'jane.doe', 'salesforce'])('is false for %s', (local) => {
    expect(isRoleMailbox(local)).toBe(false);
  });
});
