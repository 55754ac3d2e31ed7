// Role Management: "Copy from existing role" applies the chosen role's level and permissions to the create
// form as soon as it is chosen. Without this file the Copy permissions button reloads the form with them.
"use strict";

function copyFromRole() {
  const copy = document.getElementById("copy");
  const form = document.getElementById("role-form");
  if (!copy || !form) return;
  const button = document.getElementById("copy-button");
  if (button) button.hidden = true;
  copy.addEventListener("change", () => {
    const option = copy.selectedOptions[0];
    const level = form.querySelector("select[name=scope_type]");
    if (option && option.dataset.scope && level) {
      level.value = option.dataset.scope;
      // console.js's level filter shows only this level's permissions and clears the others.
      level.dispatchEvent(new Event("change"));
    }
    const wanted = new Set(option && option.dataset.policies ? option.dataset.policies.split(" ") : []);
    for (const item of form.querySelectorAll("li[data-policy]")) {
      const box = item.querySelector("input[type=checkbox]");
      if (box) box.checked = wanted.has(item.dataset.policy);
    }
  });
}

document.addEventListener("DOMContentLoaded", copyFromRole);
