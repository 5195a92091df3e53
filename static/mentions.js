// "@name" completion in comment boxes: a textarea with data-mentions="<people URL>" gets a
// list of desk members as the person types "@" and the start of a handle or a name.
// Arrow keys move through the list, Enter or Tab puts "@handle " in place, Escape closes it.
// Without script the box is a plain textarea and "@handle" typed by hand works the same.
(function () {
  "use strict";
  var TYPED = /(^|[^\w@.+-])@([\w.+-]*)$/;

  function attach(box) {
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.id = box.id + "-mentions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "People to mention");
    list.hidden = true;
    box.insertAdjacentElement("afterend", list);
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("aria-autocomplete", "list");
    var people = [];
    var active = -1;
    var asked = 0;

    function typedHandle() {
      var match = TYPED.exec(box.value.slice(0, box.selectionStart));
      return match ? match[2] : null;
    }

    function close() {
      list.hidden = true;
      list.replaceChildren();
      people = [];
      active = -1;
    }

    function show(found) {
      list.replaceChildren();
      people = found;
      active = found.length ? 0 : -1;
      found.forEach(function (person, index) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.id = list.id + "-" + index;
        item.setAttribute("aria-selected", index === active ? "true" : "false");
        item.textContent = person.name;
        var handle = document.createElement("span");
        handle.className = "handle";
        handle.textContent = "@" + person.handle;
        item.appendChild(handle);
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus (and the caret) in the box
          choose(index);
        });
        list.appendChild(item);
      });
      list.hidden = found.length === 0;
    }

    function highlight(index) {
      active = (index + people.length) % people.length;
      Array.prototype.forEach.call(list.children, function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      box.setAttribute("aria-activedescendant", list.id + "-" + active);
    }

    function choose(index) {
      var person = people[index];
      var caret = box.selectionStart;
      var before = box.value.slice(0, caret).replace(/@[\w.+-]*$/, "@" + person.handle + " ");
      box.value = before + box.value.slice(caret);
      box.setSelectionRange(before.length, before.length);
      close();
      box.focus();
    }

    box.addEventListener("input", function () {
      var typed = typedHandle();
      if (typed === null) {
        close();
        return;
      }
      var ask = ++asked;
      fetch(box.dataset.mentions + "?q=" + encodeURIComponent(typed), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (found) {
          if (ask === asked && typedHandle() !== null) show(found);
        })
        .catch(close);
    });

    box.addEventListener("keydown", function (event) {
      if (list.hidden || !people.length) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });

    box.addEventListener("blur", close);
  }

  document.querySelectorAll("textarea[data-mentions]").forEach(attach);
})();
