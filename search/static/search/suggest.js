// Suggestions as residents type, for every search box with data-suggest (ARIA 1.2 combobox with a
// listbox popup). Without this script the box is a plain form: nothing here is needed to search.
(function () {
  "use strict";

  var DELAY = 150;

  function setUp(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) return;
    var form = input.form;
    var endpoint = input.getAttribute("data-suggest");
    // In the page's language, from the template: "{count} 条搜索建议，按上下键选择" and its translations.
    var statusText = input.getAttribute("data-suggest-status") || "{count}";
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    list.parentNode.appendChild(status);
    var timer = null;
    var controller = null;
    var active = -1;
    var asked = "";

    function options() {
      return list.querySelectorAll('[role="option"]');
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = options();
      if (!items.length) return;
      if (index < 0) index = items.length - 1;
      if (index >= items.length) index = 0;
      for (var i = 0; i < items.length; i++) items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      active = index;
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    }

    function choose(text) {
      input.value = text;
      close();
      if (form) {
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      }
    }

    function show(words) {
      list.textContent = "";
      words.forEach(function (word, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = word;
        // mousedown, not click: the box would lose focus (and close the list) before a click lands.
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(word);
        });
        list.appendChild(item);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (words.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = statusText.replace("{count}", words.length);
      } else {
        close();
        status.textContent = "";
      }
    }

    function ask() {
      var text = input.value.trim();
      if (text === asked) return;
      asked = text;
      if (controller) controller.abort();
      if (!text) {
        show([]);
        return;
      }
      controller = window.AbortController ? new AbortController() : null;
      fetch(endpoint + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (input.value.trim() === text && document.activeElement === input) show(data.suggestions || []);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (open) highlight(active + 1);
        else if (options().length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
          highlight(0);
        }
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (open) {
          event.preventDefault();
          highlight(active - 1);
        }
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          choose(options()[active].textContent);
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (open) {
          event.preventDefault();
          close();
        }
      }
    });
    input.addEventListener("blur", function () {
      close();
    });
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-suggest]");
    for (var i = 0; i < inputs.length; i++) setUp(inputs[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
