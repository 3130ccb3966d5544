import { CONFIDENCE, fuzzyNameConfidence, roundConfidence } from '../src/enrichment/confidence';

describe('confidence table', () => {
  it('rounds computed confidences to two decimals, as answers carry them', () => {
    expect(roundConfidence(0.8333)).toBe(0.83);
    expect(roundConfidence(0.835)).toBe(0.84);
    expect(roundConfidence(1)).toBe(1);
  });

  it('gives a fuzzy company-name match the accuracy make eval measures, below an exact name and lower per typo', () => {
    expect(fuzzyNameConfidence(1, 0)).toBe(0.88); // the same words in another order
    expect(fuzzyNameConfidence(0.8, 0)).toBe(0.88); // 4 of 5 words
    expect(fuzzyNameConfidence(2 / 3, 0)).toBe(0.7); // 2 of 3 words: a sibling company abroad often
    expect(fuzzyNameConfidence(0.6, 0)).toBe(0.6);
    expect(fuzzyNameConfidence(1, 1)).toBe(0.84);
    expect(fuzzyNameConfidence(1, 2)).toBe(0.79);
    expect(fuzzyNameConfidence(1, 0)).toBeLessThan(CONFIDENCE.store.companyByName);
  });

  it('keeps operator data above what live sources and guesses claim', () => {
    expect(CONFIDENCE.store.personByEmail).toBeGreaterThan(CONFIDENCE.store.personByPersonalEmail);
    expect(CONFIDENCE.provider.perLikelihoodPoint * 10).toBeLessThan(CONFIDENCE.store.companyByName + 0.001);
    expect(CONFIDENCE.derived.namesFromEmailFull).toBeLessThan(CONFIDENCE.store.personByEmail);
  });
});
