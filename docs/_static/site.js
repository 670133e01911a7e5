/* The site's own script, small and deferred.
   1. The drawers (navigation and contents, on narrow screens) open and close with their
      checkboxes, which site.css makes reachable by keyboard. Opened from the keyboard, a
      drawer takes the focus; Escape closes it and gives the focus back to its checkbox.
   2. Smooth scrolling starts with the reader's first click or key (see site.css).
   3. The copy buttons' code (sphinx-copybutton and what it needs, some 9 KB) is loaded only
      when a code block comes within a screen's height, is hovered, or at the first key pressed
      (keyboard users get them before they tab to them): the citations are far down the page,
      and most readers never copy them. The files are listed on this script's tag by
      docs/_ext/page_output.py.
   4. The references to the review hold « [consulté le jj mois aaaa] »: the reader's day
      takes its place, in French, in the text itself, so the copy button copies what is shown;
      the sentence telling readers without JavaScript to write it is hidden.
      See docs/_ext/bibliography.py.
   5. On the page a search result leads to (?surligner=…), the search's own files mark the
      words: they are loaded then only, and named on this script's tag too.
   6. The button « Afficher le texte sans les corrections » shows the published readings in place of
      the corrections, and back (docs/_ext/corrections.py); the choice is kept for the next
      visit, which page.html's first script applies before the first paint. */
"use strict";
(() => {
  const drawers = { __navigation: ".sidebar-drawer", __toc: ".toc-drawer" };
  for (const [id, selector] of Object.entries(drawers)) {
    const checkbox = document.getElementById(id);
    checkbox?.addEventListener("change", () => {
      if (!checkbox.checked || document.activeElement !== checkbox) return;
      const targets = document.querySelectorAll(
        `${selector} :is(a[href], input:not([type=hidden]), button)`,
      );
      [...targets].find((target) => target.checkVisibility())?.focus();
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const checkbox of document.querySelectorAll("input.sidebar-toggle:checked")) {
      checkbox.checked = false;
      checkbox.focus();
    }
  });

  for (const type of ["pointerdown", "keydown"]) {
    addEventListener(type, () => document.documentElement.classList.add("interactif"), {
      once: true,
    });
  }

  const today = new Date();
  const day = today.getDate() === 1 ? "1er" : String(today.getDate());
  const month = today.toLocaleDateString("fr-FR", { month: "long" });
  // What site.css hides, hidden for reader modes too (they drop styles, not this attribute).
  for (const sentence of document.querySelectorAll(".sans-script")) sentence.hidden = true;
  for (const pre of document.querySelectorAll(".consultation pre")) {
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode;
      text.data = text.data.replace(
        "[consulté le jj mois aaaa]",
        `[consulté le ${day}\u00a0${month} ${today.getFullYear()}]`,
      );
    }
  }

  const readingSwitch = document.querySelector(".bascule-lecon button");
  if (readingSwitch) {
    const root = document.documentElement;
    const show = (published) => {
      if (published) root.dataset.lecon = "publiee";
      else delete root.dataset.lecon;
      // What site.css shows, in the DOM too: selections, reader modes, screen readers.
      for (const span of document.querySelectorAll(".lecon-publiee")) span.hidden = !published;
      for (const span of document.querySelectorAll(".lecon-corrigee")) span.hidden = published;
      readingSwitch.setAttribute("aria-pressed", String(published));
    };
    show(root.dataset.lecon === "publiee");
    readingSwitch.addEventListener("click", () => {
      const published = readingSwitch.getAttribute("aria-pressed") !== "true";
      show(published);
      try {
        if (published) localStorage.setItem("lecon", "publiee");
        else localStorage.removeItem("lecon");
      } catch {}  // storage refused: the choice lasts as long as the page
    });
  }

  const { src, dataset } = document.currentScript;  // files listed in page_output.py
  const statics = new URL(".", src);
  // Stylesheets, then scripts in their order: what a script adds before its styles have
  // arrived would show unstyled and push the text about.
  const loadFiles = (names) => {
    const styled = names.filter((name) => name.endsWith(".css")).map((name) =>
      new Promise((resolve) => {
        const link = Object.assign(document.createElement("link"), { rel: "stylesheet" });
        link.href = new URL(name, statics);
        link.addEventListener("load", resolve, { once: true });
        link.addEventListener("error", resolve, { once: true });
        document.head.append(link);
      }));
    Promise.all(styled).then(() => {
      for (const name of names.filter((name) => name.endsWith(".js"))) {
        const script = Object.assign(document.createElement("script"), { async: false });
        script.src = new URL(name, statics);
        document.body.append(script);
      }
    });
  };

  if (new URLSearchParams(location.search).has("surligner")) loadFiles(dataset.marks.split(" "));

  const blocks = document.querySelectorAll("div.highlight");
  if (!blocks.length) return;
  let loaded = false;
  const load = () => {
    if (loaded) return;
    loaded = true;
    loadFiles([...dataset.styles.split(" "), ...dataset.scripts.split(" ")]);
  };
  const near = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      near.disconnect();
      load();
    }
  }, { rootMargin: "100% 0px" });
  for (const block of blocks) {
    near.observe(block);
    block.addEventListener("pointerenter", load, { once: true });
  }
  // A reader who moves with the keyboard may tab faster than the page scrolls: load them now.
  document.addEventListener("keydown", load, { once: true });
})();
