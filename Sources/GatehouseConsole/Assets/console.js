// Gatehouse Console: small enhancements only; every page works without this file.
"use strict";

// The menu entry of the current area.
function markCurrentArea() {
  const path = window.location.pathname;
  let best = null;
  for (const link of document.querySelectorAll("nav.side a")) {
    const href = link.getAttribute("href");
    if ((path === href || path.startsWith(href + "/")) && (!best || href.length > best.getAttribute("href").length)) best = link;
  }
  if (best) best.setAttribute("aria-current", "page");
}

// A link marked data-follow is followed at once (Sign in with SSO → the identity provider).
function follow() {
  const link = document.querySelector("a[data-follow]");
  if (link) window.location.assign(link.href);
}

// Forms marked data-confirm ask before they are sent.
function confirmForms() {
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
}

// A kebab menu closes on Escape (returning focus to its button) and when another one opens.
function menus() {
  const all = document.querySelectorAll("details.menu");
  for (const menu of all) {
    menu.addEventListener("toggle", () => {
      if (menu.open) for (const other of all) if (other !== menu) other.open = false;
    });
    menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }
}

// Role pickers: a select[data-level-select] shows only the role options whose data-levels include the chosen
// level ("account", "all", or an environment id; "prodenv" matches every environment level). A role with
// data-forces-level sets the level itself, as the Console's seed describes for the two Master Admin roles.
function levelFilters() {
  for (const select of document.querySelectorAll("select[data-level-select]")) {
    const scope = select.closest("form") || document;
    const apply = () => {
      const level = select.value;
      const kind = level === "account" ? "account" : "prodenv";
      for (const option of scope.querySelectorAll("[data-role-level]")) {
        const fits = option.dataset.roleLevel === kind;
        option.hidden = !fits;
        const input = option.querySelector("input");
        if (input && !fits) input.checked = false;
      }
    };
    select.addEventListener("change", apply);
    for (const input of scope.querySelectorAll("[data-forces-level] input, input[data-forces-level]")) {
      input.addEventListener("change", () => {
        const holder = input.closest("[data-forces-level]");
        if (input.checked) {
          select.value = holder.dataset.forcesLevel;
          apply();
        }
      });
    }
    apply();
  }
}

// Tables with a data-filter-input filter their rows live as one types (the server-side search still works).
function liveFilters() {
  for (const input of document.querySelectorAll("input[data-filter-table]")) {
    const table = document.getElementById(input.dataset.filterTable);
    if (!table) continue;
    input.addEventListener("input", () => {
      const term = input.value.trim().toLowerCase();
      for (const row of table.tBodies[0].rows) row.hidden = term !== "" && !row.textContent.toLowerCase().includes(term);
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  markCurrentArea();
  confirmForms();
  follow();
  menus();
  levelFilters();
  liveFilters();
});
