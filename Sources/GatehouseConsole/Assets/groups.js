// Gatehouse Console, Assign roles of a group: switching the permission level ticks the roles the group already
// holds at that level (console.js's levelFilters() hides the roles that do not fit it).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-level-select]")) {
    const scope = select.closest("form") || document;
    select.addEventListener("change", () => {
      for (const input of scope.querySelectorAll("input[type=checkbox]")) {
        const held = (input.dataset.held || "").split(" ");
        if (!input.closest("[hidden]")) input.checked = held.includes(select.value);
      }
    });
  }
});
