/* The words of a search (docs/_ext/site_search.py), on the search page and, when the reader
   comes from a result (?surligner=…), on the review page, which loads this only then.
   1. The matcher, which search.js uses too: accents, case and a final plural « s » or « x »
      are ignored, and a term of three letters or more also matches the words it begins, so
      « ideagoras » matches « idéagoras ».
   2. On the page a result leads to, the words are marked, and a notice below the passage's
      heading lets the reader dismiss them; then the address loses its ?surligner=…, so that
      a reload does not mark them again. */
"use strict";
(() => {
  if (window.siteWords) return;  // loaded twice (a search page reached with ?surligner=…)
  const STOP_WORDS = new Set(
    ("a au aux avec ce ces d dans de des du en et il j l la le les leur m mais n ne ou par pas " +
     "pour qu que qui s sa se ses son sur un une y").split(" "),
  );
  const WORD = /[\p{L}\p{M}\p{N}]+/gu;
  const fold = (word) =>
    word.toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae")
      .normalize("NFD").replace(/\p{M}/gu, "");
  const singular = (word) => (word.length > 3 ? word.replace(/[sx]$/, "") : word);
  const words = {
    /* The query's terms, folded, without stop words (unless it has nothing else). */
    terms(query) {
      const all = [...new Set(Array.from(query.matchAll(WORD), (m) => fold(m[0])))];
      const terms = all.filter((term) => !STOP_WORDS.has(term));
      return terms.length ? terms : all;
    },
    /* The words of `text` that match a term, as [start, end, index of the term]: the same
       word once folded, a word that begins with a term of three letters or more, or a
       plural of it. */
    find(text, terms) {
      const found = [];
      for (const match of text.matchAll(WORD)) {
        const word = fold(match[0]);
        const term = terms.findIndex((t) =>
          t.length < 3 ? word === t : word.startsWith(t) || singular(word) === singular(t));
        if (term >= 0) found.push([match.index, match.index + match[0].length, term]);
      }
      return found;
    },
  };
  window.siteWords = words;  // for search.js

  const marked = new URLSearchParams(location.search).get("surligner") ?? "";
  const terms = words.terms(marked);
  const main = document.querySelector("article[role=main]");
  if (terms.length && main) {
    const texts = [];
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      // Not the reading the reader does not see (docs/_ext/corrections.py).
      if (!walker.currentNode.parentElement.closest("[hidden]")) texts.push(walker.currentNode);
    }
    for (const text of texts) {
      for (const [start, end] of words.find(text.data, terms).reverse()) {
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, end);
        range.surroundContents(
          Object.assign(document.createElement("mark"), { className: "highlighted" }),
        );
      }
    }
    const notice = Object.assign(document.createElement("p"), { className: "search-marks" });
    // In the number of the words marked, whatever the query's (« la veille » marks « veille »).
    const count = main.querySelectorAll("mark.highlighted").length;
    const query = `(«\u00a0${marked.trim()}\u00a0»)`;
    notice.textContent = [
      `Aucun mot de votre recherche ${query} ne se trouve sur cette page. `,
      `Le mot trouvé pour votre recherche ${query} est surligné. `,
    ][count] ?? `Les mots trouvés pour votre recherche ${query} sont surlignés. `;
    const dismiss = Object.assign(document.createElement("button"), { type: "button" });
    dismiss.textContent = "Ne plus surligner";
    notice.append(dismiss);
    // Below the heading of the passage the reader came to (the results' anchors are ASCII),
    // at the top of a glossary entry's definition, or at the top of the page.
    const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    const heading = target?.matches("section")
      ? target.querySelector(":scope > :is(h1, h2, h3, h4, h5, h6)") : null;
    let definition = target?.matches("dt") ? target.nextElementSibling : null;
    while (definition?.matches("dt")) definition = definition.nextElementSibling;
    if (heading) heading.after(notice);
    else if (definition) definition.prepend(notice);
    else main.querySelector("h1")?.after(notice);
    dismiss.addEventListener("click", () => {
      for (const mark of main.querySelectorAll("mark.highlighted")) {
        const parent = mark.parentNode;
        mark.replaceWith(...mark.childNodes);
        parent.normalize();
      }
      if (document.activeElement === dismiss) {  // the button goes: keep the focus nearby
        const back = heading || target || main;
        back.tabIndex = -1;
        back.addEventListener("blur", () => back.removeAttribute("tabindex"), { once: true });
        back.focus({ preventScroll: true });
      }
      notice.remove();
      history.replaceState(history.state, "", location.pathname + location.hash);
    });
  }
})();
