// A public page (a verdict, the front page), for someone signed in to the desk in this browser:
// a link to the claim, or to the desk. The page is cached and the same for every reader, so the
// link is asked for here, from a private desk endpoint, and only when desk.js has seen a signed-in desk page.
(function () {
  "use strict";
  var KEY = "factcheck.desk-user";
  var slot = document.getElementById("desk-link");
  var signedIn = false;
  try { signedIn = window.localStorage.getItem(KEY) === "1"; } catch (error) { signedIn = false; }
  if (!slot || !signedIn) { return; }
  fetch(slot.getAttribute("data-url"), {
    credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" }
  }).then(function (response) {
    if (response.status === 401) { window.localStorage.removeItem(KEY); }
    return response.ok ? response.json() : null;
  }).then(function (found) {
    if (!found) { return; }
    var link = document.createElement("a");
    link.href = found.url;
    link.textContent = found.label;
    slot.replaceChildren(link);
    slot.hidden = false;
  }).catch(function () { /* the desk is unreachable: the reader's page stays as it is */ });
})();
