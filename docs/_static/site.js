/* Keyboard access to furo's drawers (navigation and contents, on narrow screens).
   furo opens them with <label>s for hidden checkboxes, which a keyboard cannot reach: this
   makes each label a button (Enter or Space), keeps aria-expanded in step, moves focus into
   an opened drawer and back out on Escape. Without JavaScript the labels still work with a
   pointer, and the contents at the top of the page serve everyone. */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const drawers = [
    ["__navigation", ".sidebar-drawer", "Navigation du site"],
    ["__toc", ".toc-drawer", "Sommaire de la page"],
  ];
  for (const [id, selector, name] of drawers) {
    const checkbox = document.getElementById(id);
    const drawer = document.querySelector(selector);
    if (!checkbox || !drawer) continue;
    drawer.id ||= `${id.slice(2)}-drawer`;
    const toggles = document.querySelectorAll(`label[for="${id}"]:not(.overlay)`);
    const sync = () => {
      for (const toggle of toggles) toggle.setAttribute("aria-expanded", checkbox.checked);
    };
    for (const toggle of toggles) {
      Object.assign(toggle, { tabIndex: 0 });
      toggle.setAttribute("role", "button");
      toggle.setAttribute("aria-label", name);
      toggle.setAttribute("aria-controls", drawer.id);
      toggle.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        checkbox.checked = !checkbox.checked;
        checkbox.dispatchEvent(new Event("change"));
        if (checkbox.checked) {
          const targets = drawer.querySelectorAll("a[href], input:not([type=hidden]), button");
          [...targets].find((el) => el.checkVisibility())?.focus({ preventScroll: true });
        }
      });
    }
    checkbox.addEventListener("change", sync);
    drawer.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !checkbox.checked) return;
      checkbox.checked = false;
      sync();
      [...toggles].find((t) => t.offsetParent !== null)?.focus();
    });
    sync();
  }
});
