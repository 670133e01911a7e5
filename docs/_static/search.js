/* The site's search, on the search page only: the passages (sections and glossary entries)
   that contain every word of the query, headings first, each with an excerpt centred on the
   match and the words marked. The index is the page's JSON block, the word matcher comes
   from search-words.js. See docs/_ext/site_search.py. */
"use strict";
(() => {
  const words = window.siteWords;
  const index = JSON.parse(document.getElementById("search-index").textContent);
  const query = (new URLSearchParams(location.search).get("q") || "").trim();
  const out = document.getElementById("search-results");
  for (const input of document.querySelectorAll('input[name="q"]')) input.value = query;
  const quoted = `«\u00a0${query}\u00a0»`;
  const summary = Object.assign(document.createElement("p"), { className: "search-summary" });
  const terms = words.terms(query);
  if (!terms.length) {
    summary.textContent = "Saisissez un ou plusieurs mots à rechercher dans le compte rendu.";
    out.append(summary);
    return;
  }

  const results = [];
  index.passages.forEach((passage, order) => {
    const inTitle = words.find(passage.title, terms);
    const inText = words.find(passage.text, terms);
    const found = new Set([...inTitle, ...inText].map(([, , term]) => term));
    if (found.size < terms.length) return;
    results.push({ passage, order, inTitle, inText, score: 10 * inTitle.length + inText.length });
  });
  results.sort((a, b) => b.score - a.score || a.order - b.order);

  /* `text` from `start` to `end`, its matches marked, its English words in lang="en" (so that
     a screen reader says them in English) and its italics in <em>, as on the page (the index
     gives their ranges). */
  const marked = (text, matches, english, italic, start = 0, end = text.length) => {
    const cuts = new Set([start, end]);
    for (const [from, to] of [...matches, ...english, ...italic]) {
      for (const at of [from, to]) if (at > start && at < end) cuts.add(at);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const covers = (ranges, at) => ranges.some(([from, to]) => from <= at && at < to);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      let node = document.createTextNode(text.slice(points[i], points[i + 1]));
      if (covers(matches, points[i])) {
        const mark = Object.assign(document.createElement("mark"), { className: "highlighted" });
        mark.append(node);
        node = mark;
      }
      if (covers(english, points[i])) {
        const span = Object.assign(document.createElement("span"), { lang: "en" });
        span.append(node);
        node = span;
      }
      if (covers(italic, points[i])) {
        const em = document.createElement("em");
        em.append(node);
        node = em;
      }
      fragment.append(node);
    }
    return fragment;
  };

  /* The match that has the most of the query's words near it: the excerpt's centre. */
  const LENGTH = 220;
  const centreOf = (matches) => {
    let centre = matches.length ? matches[0][0] : 0;
    let best = 0;
    for (const [from] of matches) {
      const near = matches.filter(([other]) => Math.abs(other - from) < LENGTH / 3);
      const count = new Set(near.map(([, , term]) => term)).size;
      if (count > best) [centre, best] = [from, count];
    }
    return centre;
  };

  /* Some 220 characters around that match, cut between words. */
  const excerpt = ({ text, english, italic }, matches) => {
    const paragraph = Object.assign(document.createElement("p"), { className: "context" });
    if (text.length <= LENGTH) {
      paragraph.append(marked(text, matches, english, italic));
      return paragraph;
    }
    const centre = centreOf(matches);
    let end = Math.min(text.length, Math.max(centre - LENGTH / 2, 0) + LENGTH);
    let start = Math.max(0, end - LENGTH);
    if (start > 0) start = text.indexOf(" ", start) + 1;
    if (end < text.length) end = text.lastIndexOf(" ", end);
    if (start > 0) paragraph.append("[…]\u00a0");
    paragraph.append(marked(text, matches, english, italic, start, end));
    if (end < text.length) paragraph.append("\u00a0[…]");
    return paragraph;
  };

  const heading = Object.assign(document.createElement("h2"), {
    textContent: "Résultats de la recherche",
  });
  const count = results.length;
  summary.textContent = !count
    ? `Aucun passage trouvé pour ${quoted}. Vérifiez l’orthographe ou essayez d’autres mots.`
    // The figure after the query: a sentence does not begin with one.
    : `Recherche de ${quoted}\u00a0: ${count} passage${count > 1 ? "s trouvés" : " trouvé"}.`;
  const list = Object.assign(document.createElement("ul"), { className: "search" });
  const highlight = new URLSearchParams({ surligner: query });
  for (const { passage, inTitle, inText } of results) {
    const item = document.createElement("li");
    const link = Object.assign(document.createElement("a"), {
      href: `${index.page}?${highlight}#${passage.id}`,
    });
    link.append(marked(passage.title, inTitle, passage.titleEnglish, passage.titleItalic));
    item.append(link);
    // Where the passage is, and the numbered paragraph of the review the excerpt is from.
    const at = inText.length ? centreOf(inText) : -1;
    const numbered = passage.paragraphs.find(([from, to]) => from <= at && at < to);
    const where = [passage.parent, numbered && `§\u00a0${numbered[2]}`].filter(Boolean);
    if (where.length) {
      const place = Object.assign(document.createElement("span"), { className: "search-where" });
      place.textContent = `\u00a0– ${where.join(", ")}`;  // no line begins with the dash
      item.append(place);
    }
    item.append(excerpt(passage, inText));
    list.append(item);
  }
  out.append(heading, summary, list);
})();
