// Behaviour every desk page shares. Scripts live in static files so the
// Content-Security-Policy can refuse inline script (see factcheck/headers.py).
(function () {
  "use strict";
  // "Go back" links return to the previous page (with the form as it was typed) when there
  // is one; without history, or without script, they follow their own address.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-go-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();

// Buttons with data-confirm (publish, correct, dismiss, remove evidence) ask before their form
// goes: these actions are public or undo poorly. Without script the form is sent as it is.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();

// Remember, in this browser, whether someone is signed in to the desk, so that the public
// verdict pages (cached, the same for everyone) ask for their desk link only then.
(function () {
  "use strict";
  try {
    if (document.body.hasAttribute("data-desk-user")) {
      window.localStorage.setItem("factcheck.desk-user", "1");
    } else {
      window.localStorage.removeItem("factcheck.desk-user");
    }
  } catch (error) { /* storage refused: the verdict pages then show no desk link */ }
})();
