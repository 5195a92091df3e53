// The article page while its suggestions are computed in the background: ask the server every
// few seconds whether they are stored, then reload to show them, unless the person has
// started a claim (a selection or typed text), in which case say they are ready instead.
(function () {
  "use strict";
  var notice = document.getElementById("suggestions-pending");
  if (!notice) { return; }
  var url = notice.getAttribute("data-status-url");
  var every = 3000;
  var until = Date.now() + 15 * 60 * 1000;

  function busy() {
    var selection = window.getSelection();
    var statement = document.getElementById("statement");
    return (selection && !selection.isCollapsed) || (statement && statement.value.trim() !== "");
  }

  function ready() {
    if (!busy()) { window.location.reload(); return; }
    notice.textContent = "Suggestions are ready. ";
    var link = document.createElement("a");
    link.href = window.location.pathname;
    link.textContent = "Reload the page to see them.";
    notice.appendChild(link);
  }

  function ask() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { ready: false }; })
      .then(function (status) {
        if (status.ready) { ready(); } else if (Date.now() < until) { setTimeout(ask, every); }
      })
      .catch(function () { if (Date.now() < until) { setTimeout(ask, every * 2); } });
  }

  setTimeout(ask, every);
})();
