// Zapier loads a CommonJS app as require('<app>/index.js') and uses the export as is: the compiled
// app object (src/index.ts, built to dist/ by `tsc -p tsconfig.build.json`).
module.exports = require('./dist/index.js');
