declare module 'wappalyzer-core' {
  const Wappalyzer: {
    setTechnologies(data: Record<string, unknown>): void;
    setCategories(data: Record<string, unknown>): void;
    analyze(evidence: Record<string, unknown>): unknown[];
    resolve(detections: unknown[]): unknown[];
  };
  export default Wappalyzer;
}
