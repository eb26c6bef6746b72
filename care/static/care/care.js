// 关怀版 switch, reading aloud, and the channel menu on phones.
(function () {
  "use strict";
  var root = document.documentElement;
  var COOKIE = "zq-care";
  var YEAR = 365 * 24 * 3600;

  // The choice is kept in a cookie on the broadest domain the browser accepts (the city's, as
  // shuangyashan.gov.cn), so every site of the cluster remembers it; the server never reads it,
  // so every page stays one cached copy for both versions.
  function remember(on) {
    var labels = location.hostname.split(".");
    var numeric = /^[\d.]+$|:/.test(location.hostname);
    var domains = numeric ? [""] : labels.map(function (_, i) { return labels.slice(i).join("."); }).reverse();
    domains.forEach(function (domain) {
      var scope = "; path=/; SameSite=Lax" + (domain ? "; domain=" + domain : "");
      document.cookie = COOKIE + "=; max-age=0" + scope;  // an earlier choice on any level goes
    });
    if (!on) return;
    for (var i = 0; i < domains.length; i += 1) {
      document.cookie = COOKIE + "=1; max-age=" + YEAR + "; path=/; SameSite=Lax" + (domains[i] ? "; domain=" + domains[i] : "");
      if (/(^|;\s*)zq-care=1(;|$)/.test(document.cookie)) return;
    }
  }

  function withCare(value) {
    var params = new URLSearchParams(location.search);
    params.set("care", value);
    return "?" + params.toString();
  }

  var asked = /[?&]care=([01])(&|$)/.exec(location.search);
  if (asked) remember(asked[1] === "1");

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
