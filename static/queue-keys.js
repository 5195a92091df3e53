// The queue by keyboard, and its bulk toolbar. A static file: the Content-Security-Policy
// refuses inline script. Without script the queue still works: the checkboxes and the toolbar
// are a plain form, the toolbar shows every field and "Apply to selected" sends it.
//
//   j / k  move to the next / previous claim      o (or Enter)  open it
//   x      tick or untick it                       a             assign it to me
//   /      search                                  ?             this list
(function () {
  "use strict";
  var table = document.querySelector("table.queue");
  var bulk = document.getElementById("bulk");
  var help = document.getElementById("shortcuts");
  var rows = table ? Array.prototype.slice.call(table.querySelectorAll("tbody tr")) : [];
  var current = -1;

  function boxes() {
    return rows.map(function (row) { return row.querySelector("input[name=claims]"); })
      .filter(Boolean);
  }

  // The toolbar: say how many claims are ticked, show only the chosen action's field.
  function showCount() {
    var count = boxes().filter(function (box) { return box.checked; }).length;
    var label = document.getElementById("bulk-count");
    if (label) {
      label.textContent = count ? count + (count === 1 ? " claim selected" : " claims selected")
        : "Tick claims to change them together.";
    }
    var all = document.getElementById("select-all");
    if (all) { all.checked = count > 0 && count === boxes().length; }
  }

  function showActionField() {
    var action = document.getElementById("bulk-action");
    var apply = document.getElementById("bulk-apply");
    if (!bulk || !action) { return; }
    // Dismissing is asked about first (desk.js reads data-confirm), as on the claim page.
    if (apply) {
      if (action.value === "dismiss") {
        apply.setAttribute("data-confirm", "Dismiss every selected claim?");
      } else {
        apply.removeAttribute("data-confirm");
      }
    }
    Array.prototype.forEach.call(bulk.querySelectorAll("[data-bulk]"), function (field) {
      if (!field.hasAttribute("data-never")) { field.hidden = field.getAttribute("data-bulk") !== action.value; }
    });
  }

  if (bulk) {
    Array.prototype.forEach.call(bulk.querySelectorAll("[data-bulk][hidden]"), function (field) {
      field.setAttribute("data-never", "");  // hidden by the page (a checker's): stays hidden
    });
    var action = document.getElementById("bulk-action");
    if (action) { action.addEventListener("change", showActionField); }
    showActionField();
    var all = document.getElementById("select-all");
    if (all) {
      all.hidden = false;
      all.addEventListener("change", function () {
        boxes().forEach(function (box) { box.checked = all.checked; });
        showCount();
      });
    }
    if (table) { table.addEventListener("change", showCount); }
    showCount();
  }

  function focusRow(index) {
    if (!rows.length) { return; }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) {
      row.classList.toggle("focused", i === current);
      if (i === current) { row.setAttribute("aria-current", "true"); } else { row.removeAttribute("aria-current"); }
    });
    var link = rows[current].querySelector("td a[href*='/claims/']");
    if (link) { link.focus({ preventScroll: true }); }
    rows[current].scrollIntoView({ block: "nearest" });
  }

  function focusedRow() {
    if (current < 0) {
      var active = document.activeElement && document.activeElement.closest
        && document.activeElement.closest("table.queue tbody tr");
      current = active ? rows.indexOf(active) : -1;
    }
    return current >= 0 ? rows[current] : null;
  }

  function assignToMe(row) {
    var box = row.querySelector("input[name=claims]");
    var action = document.getElementById("bulk-action");
    var assignee = document.getElementById("bulk-assignee");
    if (!bulk || !box || !action || !assignee) { return; }
    boxes().forEach(function (other) { other.checked = other === box; });
    action.value = "assign";
    assignee.value = "me";
    bulk.requestSubmit();
  }

  function toggleHelp() {
    if (!help) { return; }
    if (help.open) { help.close(); } else { help.showModal(); }
  }

  function typing(target) {
    if (!target || !target.closest) { return false; }
    return Boolean(target.isContentEditable
      || target.closest("input, textarea, select, [contenteditable]"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
    if (typing(event.target)) { return; }
    var row;
    switch (event.key) {
      case "j": focusRow(current + 1); break;
      case "k": focusRow(current < 0 ? 0 : current - 1); break;
      case "o":
      case "Enter":
        row = focusedRow();
        if (!row) { return; }
        if (event.key === "Enter" && document.activeElement && document.activeElement.tagName === "A") { return; }
        row.querySelector("td a[href*='/claims/']").click();
        break;
      case "x":
        row = focusedRow();
        if (!row || !row.querySelector("input[name=claims]")) { return; }
        row.querySelector("input[name=claims]").click();
        break;
      case "a":
        row = focusedRow();
        if (!row) { return; }
        assignToMe(row);
        break;
      case "/":
        var search = document.getElementById("q");
        if (!search) { return; }
        search.focus();
        search.select();
        break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  });

  var closer = document.getElementById("shortcuts-close");
  if (closer && help) { closer.addEventListener("click", function () { help.close(); }); }
})();
