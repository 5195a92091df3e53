// Live preview of Markdown fields (a verdict's explanation): the server renders the text with
// the public page's own renderer and sanitiser (/preview/markdown), so the preview shows what
// readers will see. Fields opt in with data-preview-url; without script nothing changes.
(function () {
  "use strict";
  var WAIT_MS = 400;

  function attach(textarea) {
    var form = textarea.form;
    var token = form && form.querySelector("input[name=csrf_token]");
    if (!token) { return; }
    var box = document.createElement("div");
    box.className = "markdown-preview";
    box.setAttribute("aria-live", "polite");
    var title = document.createElement("p");
    title.className = "markdown-preview-title";
    title.textContent = "Preview, as the public page will show it";
    var body = document.createElement("div");
    body.className = "explanation";
    box.append(title, body);
    textarea.closest(".field").after(box);
    var timer = null;
    var asked = 0;

    function render() {
      var mine = ++asked;
      var data = new FormData();
      data.append("csrf_token", token.value);
      data.append("text", textarea.value);
      fetch(textarea.getAttribute("data-preview-url"), {
        method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (response) {
        return response.json();
      }).then(function (answer) {
        if (mine !== asked) { return; }  // a newer keystroke is already on its way
        if (answer.html !== undefined) {
          var parsed = new DOMParser().parseFromString(answer.html, "text/html");
          body.replaceChildren.apply(body, Array.from(parsed.body.childNodes));
        } else {
          var problem = document.createElement("p");
          problem.className = "field-error";
          problem.textContent = answer.error || "The preview is not available.";
          body.replaceChildren(problem);
        }
      }).catch(function () { /* offline: the field works without its preview */ });
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, WAIT_MS);
    });
    if (textarea.value.trim()) { render(); }
  }

  document.querySelectorAll("textarea[data-preview-url]").forEach(attach);
})();
