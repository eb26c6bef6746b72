// 关怀版 switch, reading aloud, and the channel menu on phones.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "zq-care";

  function remember(on) {
    try {
      if (on) {
        localStorage.setItem(KEY, "1");
      } else {
        localStorage.removeItem(KEY);
      }
    } catch (e) {
      // Storage refused (a private window): the version lasts for this page only.
    }
  }

  function withCare(value) {
    var params = new URLSearchParams(location.search);
    params.set("care", value);
    return "?" + params.toString();
  }

  var toggle = document.querySelector(".care-switch");
  function label() {
    var on = root.classList.contains("care");
    toggle.textContent = on ? toggle.dataset.careOff : toggle.dataset.careOn;
    toggle.setAttribute("href", withCare(on ? "0" : "1"));
  }
  if (toggle) {
    label();
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var on = !root.classList.contains("care");
      root.classList.toggle("care", on);
      remember(on);
      label();
    });
  }

  // Reading aloud, where the browser can speak: the selected text, or else the page's main part,
  // in sentences (long utterances are cut off by some engines).
  var reader = document.querySelector(".read-aloud");
  var speech = window.speechSynthesis;
  if (reader && speech && window.SpeechSynthesisUtterance) {
    var lang = { "zh-hans": "zh-CN", en: "en-GB", ru: "ru-RU" }[root.lang.toLowerCase()] || root.lang;
    var pressed = function (on) {
      reader.setAttribute("aria-pressed", on ? "true" : "false");
      reader.textContent = on ? reader.dataset.stop : reader.dataset.start;
    };
    var sentences = function (text) {
      var parts = [];
      text.split(/\n+/).forEach(function (line) {
        (line.match(/[^。！？；!?;.]+[。！？；!?;.]*/g) || []).forEach(function (sentence) {
          for (var i = 0; i < sentence.length; i += 120) {
            var part = sentence.slice(i, i + 120).trim();
            if (part) parts.push(part);
          }
        });
      });
      return parts;
    };
    reader.hidden = false;
    reader.addEventListener("click", function () {
      if (reader.getAttribute("aria-pressed") === "true") {
        speech.cancel();
        pressed(false);
        return;
      }
      var main = document.querySelector("main") || document.body;
      var text = String(window.getSelection() || "").trim() || main.innerText;
      var parts = sentences(text);
      if (!parts.length) return;
      speech.cancel();
      parts.forEach(function (part, index) {
        var utterance = new SpeechSynthesisUtterance(part);
        utterance.lang = lang;
        utterance.rate = 0.9;
        if (index === parts.length - 1) {
          utterance.onend = function () { pressed(false); };
        }
        speech.speak(utterance);
      });
      pressed(true);
    });
    window.addEventListener("pagehide", function () { speech.cancel(); });
  }

  var menu = document.querySelector(".menu-toggle");
  if (menu) {
    var list = document.getElementById(menu.getAttribute("aria-controls"));
    menu.addEventListener("click", function () {
      var open = menu.getAttribute("aria-expanded") !== "true";
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      list.classList.toggle("open", open);
    });
  }
})();
