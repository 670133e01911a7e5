// Lighthouse for tests/perf.py: every audit of a run in one Node.js process and one Chrome, one
// after the other, each as Lighthouse's command line runs it (the same launcher, flags and
// configurations); one JSON report per line, in the order asked. The command line starts
// Node.js, loads Lighthouse and starts Chrome for each audit: 11 s for an audit of 5.
//
//   node tests/lighthouse.mjs '{"chromePath": "…", "chromeFlags": ["…"],
//                               "audits": [["http://…", "mobile", ["performance", …]], …]}'
//
// Lighthouse and chrome-launcher come from node_modules/ (package.json; `npm ci`).
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";

const { chromePath, chromeFlags, audits } = JSON.parse(process.argv[2]);
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
try {
  for (const [url, profile, categories] of audits) {
    const flags = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: categories,
      // The full-page screenshot only illustrates the HTML report; it takes 1.4 s of each audit.
      disableFullPageScreenshot: true,
    };
    const result = await lighthouse(url, flags, profile === "desktop" ? desktopConfig : undefined);
    if (result.lhr.runtimeError) {
      throw new Error(`${url} (${profile}): ${result.lhr.runtimeError.message}`);
    }
    process.stdout.write(`${JSON.stringify(result.lhr)}\n`);
  }
} finally {
  chrome.kill();
}
