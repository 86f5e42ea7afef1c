/* placebook default theme: the light/dark toggle and the filters of an index page. The site works without them. */
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.querySelector(".theme-toggle");
  function current() {
    var set = root.getAttribute("data-theme");
    if (set) return set;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  /* The button names what it does: "Dark mode" in light mode, "Light mode" in dark mode. */
  function show() {
    button.textContent = current() === "dark" ? button.getAttribute("data-to-light") : button.getAttribute("data-to-dark");
  }
  if (button) {
    show();
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("placebook-theme", next); } catch (e) {}
      show();
    });
  }

  /* Filters over a list of cards: each select keeps the cards whose data attribute holds its value. */
  var form = document.querySelector("[data-filter]");
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-filter-card]"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var status = form.querySelector("[data-filter-status]");
  function matches(card) {
    return selects.every(function (s) {
      if (!s.value) return true;
      var values = (card.getAttribute("data-" + s.name) || "").split("|");
      return values.indexOf(s.value) >= 0;
    });
  }
  function apply() {
    var shown = 0;
    cards.forEach(function (c) { var keep = matches(c); c.hidden = !keep; if (keep) shown++; });
    status.textContent = status.getAttribute("data-template").replace("{shown}", shown).replace("{count}", cards.length);
  }
  form.hidden = false;
  apply();
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
})();
