// The new-claim form: while the statement is typed, show the claims already on the desk that
// say the same (asked of the server half a second after the typing pauses), so a duplicate is
// seen before it is opened. Without script the panel shows after the form is sent.
(function () {
  "use strict";
  var WAIT_MS = 500;
  var panel = document.getElementById("similar-hint");
  var statement = document.getElementById("statement");
  if (!panel || !statement) { return; }
  var timer = null;
  var asked = 0;
  var shown = statement.value.trim();

  function ask() {
    var typed = statement.value.trim();
    if (typed === shown) { return; }
    shown = typed;
    var mine = ++asked;
    if (!typed) { panel.replaceChildren(); return; }
    fetch(panel.getAttribute("data-url") + "?statement=" + encodeURIComponent(typed), {
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html === null || mine !== asked) { return; }
      var parsed = new DOMParser().parseFromString(html, "text/html");
      panel.replaceChildren.apply(panel, Array.from(parsed.body.childNodes));
    }).catch(function () { /* offline: the hint waits for the next keystroke */ });
  }

  statement.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, WAIT_MS);
  });
})();
