declare module 'dns2' {
  // Only what the test fixtures use (dns2 ships no types).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const dns2: any;
  export default dns2;
}
