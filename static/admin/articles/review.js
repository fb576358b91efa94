// Keyboard use of the review queue: j/k move, x selects, c/r confirm/reject the focused row,
// o opens its article, C/R confirm/reject everything selected. Every action is a real form
// button, so the page works without this script.
(function () {
  "use strict";
  const rows = Array.from(document.querySelectorAll(".review-row"));
  if (!rows.length) return;
  let current = -1;

  function focusRow(index) {
    if (index < 0 || index >= rows.length) return;
    if (current >= 0) rows[current].classList.remove("focused");
    current = index;
    rows[current].classList.add("focused");
    rows[current].focus({ preventScroll: false });
  }

  function press(selector) {
    const button = rows[current] && rows[current].querySelector(selector);
    if (button) button.click();
  }

  document.addEventListener("keydown", function (event) {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.matches("input[type=text], input[type=search], textarea, select")) return;
    const actions = {
      j: () => focusRow(current + 1),
      k: () => focusRow(Math.max(current - 1, 0)),
      x: () => { const box = rows[current] && rows[current].querySelector("input[type=checkbox]"); if (box) box.checked = !box.checked; },
      c: () => press("button.confirm"),
      r: () => press("button.reject"),
      o: () => press("a.open-article"),
      C: () => document.querySelector(".bulk-actions button[value=confirm]").click(),
      R: () => document.querySelector(".bulk-actions button[value=reject]").click(),
    };
    const action = actions[event.key];
    if (!action) return;
    if ("xcro".includes(event.key) && current < 0) focusRow(0);
    event.preventDefault();
    action();
  });
  rows.forEach((row, index) => row.addEventListener("click", () => { if (current !== index) focusRow(index); }));
})();
