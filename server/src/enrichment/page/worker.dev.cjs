// Loads the page worker from TypeScript sources (tsx, jest): a worker thread does not inherit the
// loader of the test runner. The compiled build loads worker.js directly.
require('tsx/cjs/api').register();
module.exports = require('./worker.ts');
