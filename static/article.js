// The article page: selecting a passage of the text fills the new-claim form with the quote
// and its offsets. Loaded only for people who may create claims.
(function () {
  "use strict";
  // Offsets are counted in Unicode code points, as Python indexes the stored text.
  var text = document.getElementById("article-text");
  var start = document.getElementById("quote_start");
  var end = document.getElementById("quote_end");
  var statement = document.getElementById("statement");
  var preview = document.getElementById("selected-quote");
  var chars = Array.from(text.textContent);

  function offsetOf(node, offset) {
    var range = document.createRange();
    range.selectNodeContents(text);
    range.setEnd(node, offset);
    return Array.from(range.toString()).length;
  }

  function showSelection() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
    var from = offsetOf(range.startContainer, range.startOffset);
    var to = offsetOf(range.endContainer, range.endOffset);
    while (from < to && /\s/.test(chars[from])) { from += 1; }
    while (to > from && /\s/.test(chars[to - 1])) { to -= 1; }
    if (from >= to) { return; }
    var quote = chars.slice(from, to).join("");
    start.value = from;
    end.value = to;
    preview.textContent = quote;
    preview.hidden = false;
    if (!statement.value.trim()) { statement.value = quote; }
  }

  text.addEventListener("mouseup", showSelection);
  text.addEventListener("keyup", showSelection);
})();
