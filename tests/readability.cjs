// Mozilla's Readability (Firefox's Reader View) on a built page: prints what it extracts.
// Usage: node readability.cjs NODE_MODULES PAGE.html URL
"use strict";
const [modules, file, url] = process.argv.slice(2);
const { JSDOM } = require(`${modules}/jsdom`);
const { Readability } = require(`${modules}/@mozilla/readability`);
const html = require("node:fs").readFileSync(file, "utf8");
const article = new Readability(new JSDOM(html, { url }).window.document).parse();
process.stdout.write(JSON.stringify({ title: article.title, byline: article.byline,
  lang: article.lang, siteName: article.siteName }));
