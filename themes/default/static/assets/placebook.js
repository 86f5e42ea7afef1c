/* placebook default theme: the light/dark toggle, the words of a search marked on the page a result opens, and the filters of an index page. The site works without them. */
(function () {
  "use strict";
  var root = document.documentElement;
  markSearchedWords();
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

  /* A page opened from a search result (`?highlight=pooled+budget`) marks each word of the
     main text that starts with a searched word (accents and case aside), then scrolls to
     the first mark under the linked heading, or the first of all. Other visits are untouched. */
  function markSearchedWords() {
    var wanted, main = document.querySelector("main");
    try { wanted = new URLSearchParams(location.search).get("highlight"); } catch (e) { return; }
    if (!wanted || !main || !window.NodeFilter) return;
    var words = fold(wanted).split(/\s+/).filter(function (w) { return w.length > 1; });
    if (!words.length) return;
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, null), nodes = [], n;
    while ((n = walker.nextNode())) {
      if (!n.parentNode.closest("script, style, mark, nav")) nodes.push(n);
    }
    var marks = [];
    nodes.forEach(function (node) { marks = marks.concat(markIn(node, words)); });
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var first = marks.filter(function (m) { return !target || (target.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING); })[0] || marks[0];
    if (first && first.scrollIntoView) first.scrollIntoView({ block: "center" });
  }
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  /* The words of text node `node` that start with one of `words`, each put in a <mark>. */
  function markIn(node, words) {
    var text = node.nodeValue, re = /[\p{L}\p{N}]+/gu, m, cuts = [];
    while ((m = re.exec(text))) {
      var f = fold(m[0]);
      if (words.some(function (w) { return f.indexOf(w) === 0; })) cuts.push([m.index, m.index + m[0].length]);
    }
    var made = [], rest = node;
    if (cuts.length && window.getComputedStyle && /flex|grid/.test(getComputedStyle(node.parentNode).display)) {
      /* In a flex or grid box (a block's card) each run of text is a box of its own:
         the marks go inside one span, so the words still wrap as one line of text. */
      var span = document.createElement("span");
      node.parentNode.replaceChild(span, node);
      span.appendChild(node);
    }
    for (var i = cuts.length - 1; i >= 0; i--) {
      rest.splitText(cuts[i][1]);
      var hit = rest.splitText(cuts[i][0]), mark = document.createElement("mark");
      mark.className = "search-hit";
      hit.parentNode.replaceChild(mark, hit);
      mark.appendChild(hit);
      made.unshift(mark);
    }
    return made;
  }
})();
