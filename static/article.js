// The article page: selecting a passage opens a small popover at the selection, "New claim
// from this quote", which opens the new-claim form with the quote and its offsets filled in;
// clicking a highlighted claim offers to open it, clicking a suggested sentence offers its
// actions. Marks hold text only (no links), so every character can be selected.
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  var popover = document.getElementById("quote-popover");
  if (!text || !popover) { return; }
  var quoteLine = document.getElementById("popover-quote");
  var actions = document.getElementById("popover-actions");
  var newClaimUrl = text.getAttribute("data-new-claim-url");  // absent for checkers
  var articleId = text.getAttribute("data-article-id");
  // Offsets are counted in Unicode code points, as Python indexes the stored text; a JS
  // string counts UTF-16 units (an emoji or a rare CJK character is two), so every length
  // below goes through Array.from, which iterates by code point.
  var chars = Array.from(text.textContent);
  document.body.appendChild(popover);  // positioned against the page, not the card

  function offsetOf(node, offset) {
    var range = document.createRange();
    range.selectNodeContents(text);
    range.setEnd(node, offset);
    return Array.from(range.toString()).length;
  }

  function hide() {
    popover.hidden = true;
  }

  function placeAt(rect) {
    popover.hidden = false;
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - popover.offsetWidth - 8));
    popover.style.left = (left + window.scrollX) + "px";
    popover.style.top = (rect.bottom + window.scrollY + 6) + "px";
  }

  function link(label, href, primary) {
    var a = document.createElement("a");
    a.className = primary ? "button primary" : "button";
    a.textContent = label;
    a.href = href;
    return a;
  }

  function newClaimHref(from, to, quote) {
    var query = new URLSearchParams({
      article_id: articleId, start: String(from), end: String(to), statement: quote
    });
    return newClaimUrl + "?" + query.toString();
  }

  function show(quote, links, rect) {
    quoteLine.textContent = quote.length > 120 ? quote.slice(0, 117) + "…" : quote;
    actions.replaceChildren.apply(actions, links);
    placeAt(rect);
  }

  // The selection, trimmed of surrounding white space, as offsets into the stored text.
  function selectedPassage() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(text)) { return null; }
    // A drag may begin before the text or end after it: keep the part inside.
    var from = text.contains(range.startContainer) ? offsetOf(range.startContainer, range.startOffset) : 0;
    var to = text.contains(range.endContainer) ? offsetOf(range.endContainer, range.endOffset) : chars.length;
    while (from < to && /\s/.test(chars[from])) { from += 1; }
    while (to > from && /\s/.test(chars[to - 1])) { to -= 1; }
    if (from >= to) { return null; }
    return { from: from, to: to, quote: chars.slice(from, to).join(""), rect: range.getBoundingClientRect() };
  }

  function offerSelection() {
    var passage = selectedPassage();
    if (!passage) { return false; }
    if (!newClaimUrl) { hide(); return true; }
    show(passage.quote, [
      link("New claim from this quote", newClaimHref(passage.from, passage.to, passage.quote), true)
    ], passage.rect);
    return true;
  }

  function offerMark(mark) {
    var links = [];
    if (mark.classList.contains("claim")) {
      links.push(link("Open claim #" + mark.getAttribute("data-claims").split(" ")[0], mark.getAttribute("data-href"), true));
    } else if (mark.classList.contains("suggestion")) {
      var from = Number(mark.getAttribute("data-start"));
      var to = Number(mark.getAttribute("data-end"));
      var sentence = chars.slice(from, to).join("");
      if (newClaimUrl) { links.push(link("Accept as a claim", newClaimHref(from, to, sentence), true)); }
      links.push(link("Why suggested, reject", "#suggestion-" + from, false));
    }
    if (links.length === 0) { hide(); return; }
    show(mark.title, links, mark.getBoundingClientRect());
  }

  function afterPointer(event) {
    if (popover.contains(event.target)) { return; }  // a click on one of its links
    // Wait for the browser to settle the selection (a click inside one collapses it).
    window.setTimeout(function () {
      if (offerSelection()) { return; }
      var mark = event.target.closest ? event.target.closest("mark") : null;
      if (mark && text.contains(mark)) { offerMark(mark); } else { hide(); }
    }, 0);
  }

  // On the document: a selection may start in the text and end beyond it.
  document.addEventListener("mouseup", afterPointer);
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Escape") { offerSelection(); }  // a selection made with the keyboard
  });
  document.addEventListener("mousedown", function (event) {
    if (!popover.contains(event.target)) { hide(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });
})();
