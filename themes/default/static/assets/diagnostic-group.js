/* placebook default theme: the diagnostic's group page (diagnostic/group/). Combines many
   people's answers (share links, codes, files) and shows, for each block and question,
   how many answered, how the answers spread, the median and where people differ most.
   Keeps the session in this browser; exports CSV and JSON that load again. No
   dependencies and no requests: nothing leaves the browser. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var page = document.querySelector(".dxg"), D;
  if (!page || !$("dx-data")) return;
  try { D = JSON.parse($("dx-data").textContent); } catch (e) { return; }
  var blocks = D.blocks, scale = D.scale, N = scale.length, KEY = D.storageKey + ":group";
  var ORGS = ["council", "nhs", "community", "other"];
  var T = {};
  try { T = JSON.parse($("pb-strings").textContent); } catch (e) { /* the page's own words stay */ }
  var block = page.getAttribute("data-dx-block") || "";
  function words(key, v) {
    var all = { block: block };
    Object.keys(v || {}).forEach(function (k) { all[k] = v[k]; });
    return String(T[key] || "").replace(/\{(\w+)\}/g, function (m, k) { return k in all ? String(all[k]) : m; });
  }
  function orgName(org) { return org ? words("dx_org_" + org) : words("dx_org_none"); }

  /* ---- one person's answers: {name, org, date, blocks: {key: {r: [0 or 1..N], n: [note]}}} ---- */
  function str(v, max) { return typeof v === "string" ? v.slice(0, max) : ""; }
  function normal(o) {
    var st = { name: str(o && o.name, 120), org: "", date: str(o && o.date, 10), blocks: {} };
    if (o && ORGS.indexOf(o.org) >= 0) st.org = o.org;
    blocks.forEach(function (b) {
      var e = o && o.blocks && o.blocks[b.key];
      if (!e) return;
      st.blocks[b.key] = {
        r: b.questions.map(function (_, q) { var v = Number(e.r && e.r[q]); return v >= 1 && v <= N && v === Math.floor(v) ? v : 0; }),
        n: b.questions.map(function (_, q) { return str(e.n && e.n[q], 4000); })
      };
    });
    return st;
  }
  function rating(st, b, q) { var e = st.blocks[b.key]; return (e && e.r[q]) || 0; }
  function note(st, b, q) { var e = st.blocks[b.key]; return (e && e.n[q]) || ""; }
  function answeredCount(st) {
    var n = 0;
    blocks.forEach(function (b) { b.questions.forEach(function (_, q) { if (rating(st, b, q)) n++; }); });
    return n;
  }
  /* The same text for the same answers, to leave out a link pasted twice. */
  function fingerprint(st) { return JSON.stringify([st.name, st.org, st.date, blocks.map(function (b) { return st.blocks[b.key] || null; })]); }

  /* A share link, or only its code (the part after #), as the diagnostic page writes it. */
  function decode(text) {
    var i = text.indexOf("#"), p = new URLSearchParams(i >= 0 ? text.slice(i + 1) : text);
    if (p.get("pbd") !== "1") return null;
    var o = { name: p.get("n") || "", org: p.get("o") || "", date: p.get("t") || "", blocks: {} };
    blocks.forEach(function (b) {
      var digits = p.get("b." + b.key) || "";
      o.blocks[b.key] = {
        r: b.questions.map(function (_, q) { return parseInt(digits.charAt(q) || "0", 36) || 0; }),
        n: b.questions.map(function (_, q) { return p.get("c." + b.key + "." + (q + 1)) || ""; })
      };
    });
    return normal(o);
  }
  /* A JSON file from the diagnostic page (one person) or from this page (many). */
  function fromJson(o) {
    if (o && o.format === "placebook-diagnostic-group" && Array.isArray(o.participants)) return o.participants.map(normal);
    if (!o || o.format !== "placebook-diagnostic" || !Array.isArray(o.blocks)) throw new Error("not a diagnostic file");
    var st = { name: o.name, org: o.organisation, date: o.date, blocks: {} };
    blocks.forEach(function (b) {
      var ob = o.blocks.filter(function (x) { return x && x.key === b.key; })[0];
      if (!ob || !Array.isArray(ob.questions)) return;
      var e = st.blocks[b.key] = { r: [], n: [] };
      b.questions.forEach(function (text, q) {
        var oq = ob.questions.filter(function (x) { return x && x.question === text; })[0] || ob.questions[q] || {};
        e.r[q] = (oq.label && scale.indexOf(oq.label) + 1) || Number(oq.rating) || 0;
        e.n[q] = oq.note;
      });
    });
    return [normal(st)];
  }

  /* ---- the session, kept in this browser ---- */
  var people = [], filter = "";
  function save() {
    try { if (people.length) localStorage.setItem(KEY, JSON.stringify({ participants: people })); else localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
  }
  function load() {
    try { var o = JSON.parse(localStorage.getItem(KEY) || "null"); return o && Array.isArray(o.participants) ? o.participants.map(normal) : []; } catch (e) { return []; }
  }
  /* Adds `list`, leaving out answers already here; gives how many were added. */
  function addAll(list) {
    var seen = people.map(fingerprint), added = 0;
    list.forEach(function (st) {
      var f = fingerprint(st);
      if (seen.indexOf(f) >= 0) return;
      seen.push(f); people.push(st); added++;
    });
    return added;
  }

  /* ---- the numbers ---- */
  function median(v) {
    if (!v.length) return null;
    var s = v.slice().sort(function (a, b) { return a - b; }), m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
  /* Population standard deviation, lowest and highest. */
  function spread(v) {
    if (!v.length) return null;
    var mean = v.reduce(function (a, b) { return a + b; }, 0) / v.length;
    var sd = Math.sqrt(v.reduce(function (a, x) { return a + (x - mean) * (x - mean); }, 0) / v.length);
    return { sd: sd, low: Math.min.apply(null, v), high: Math.max.apply(null, v) };
  }
  /* Counts per level of values rounded to the nearest level (.5 rounds up). */
  function counts(v) {
    var c = scale.map(function () { return 0; });
    v.forEach(function (x) { c[Math.min(N, Math.max(1, Math.floor(x + 0.5))) - 1]++; });
    return c;
  }
  function stats(v) { return { n: v.length, counts: counts(v), median: median(v), spread: spread(v) }; }
  function questionValues(list, b, q) { return list.map(function (st) { return rating(st, b, q); }).filter(Boolean); }
  /* A person's score for a block: the mean of their answers to its questions. */
  function blockValues(list, b) {
    return list.map(function (st) {
      var v = b.questions.map(function (_, q) { return rating(st, b, q); }).filter(Boolean);
      return v.length ? v.reduce(function (a, x) { return a + x; }, 0) / v.length : 0;
    }).filter(Boolean);
  }
  function shown() { return filter ? people.filter(function (st) { return (st.org || "none") === filter; }) : people; }
  function orgsGiven() { return ORGS.filter(function (o) { return people.some(function (st) { return st.org === o; }); }); }
  /* Every question with at least two answers, with its numbers. */
  function questionStats(list) {
    var all = [];
    blocks.forEach(function (b, i) {
      b.questions.forEach(function (text, q) {
        var s = stats(questionValues(list, b, q));
        if (s.n >= 2) all.push({ b: b, i: i, q: q, s: s });
      });
    });
    return all;
  }
  function differMost(list) {
    return questionStats(list).filter(function (x) { return x.s.spread.sd > 0; })
      .sort(function (x, y) { return y.s.spread.sd - x.s.spread.sd || x.i - y.i || x.q - y.q; }).slice(0, 5);
  }
  function weakest(list) {
    return questionStats(list).filter(function (x) { return x.s.spread.sd <= 1; })
      .sort(function (x, y) { return x.s.median - y.s.median || x.s.spread.sd - y.s.spread.sd || x.i - y.i || x.q - y.q; }).slice(0, 5);
  }

  /* ---- drawing ---- */
  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (k) { if (k !== null && k !== undefined) e.appendChild(typeof k === "string" ? document.createTextNode(k) : k); });
    return e;
  }
  function fmt(v) { return v === null ? "–" : v.toFixed(1); }
  function blockName(b) { return (b.number ? b.number + ". " : "") + b.title; }
  function qNumber(b, i, q) { return (b.number || i + 1) + "." + (q + 1); }
  /* A small histogram: one bar per level, its count written under it. */
  function dist(s) {
    var most = Math.max.apply(null, s.counts.concat([1]));
    return h("ul", { "class": "dxg-dist", "data-dxg-counts": s.counts.join(",") }, s.counts.map(function (c, k) {
      return h("li", {}, [
        h("span", { "class": "dxg-dist__bar", style: "--dxg-h: " + Math.round(100 * c / most) + "%", "aria-hidden": "true" }),
        h("span", { "class": "dxg-dist__n", "aria-hidden": "true", text: String(c) }),
        h("span", { "class": "visually-hidden", text: words("dxg_dist_level", { level: scale[k], n: c }) })
      ]);
    }));
  }
  /* A whole number as it is, anything else to one decimal place. */
  function num(v) { return v === Math.floor(v) ? String(v) : v.toFixed(1); }
  function spreadText(s) { return s.spread ? words("dxg_spread_value", { sd: fmt(s.spread.sd), low: num(s.spread.low), high: num(s.spread.high) }) : "–"; }
  /* The cells of one row: answered, distribution, median, spread, then a median per organisation type. */
  function cells(s, byOrg) {
    return [h("td", { "class": "dxg-n", text: String(s.n) }), h("td", {}, [dist(s)]), h("td", { "class": "dxg-median", text: fmt(s.median) }),
      h("td", { "class": "dxg-spread", text: spreadText(s) })].concat(byOrg.map(function (m) { return h("td", { "class": "dxg-org-median", text: fmt(m) }); }));
  }
  function head(first, orgs) {
    return h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: first }), h("th", { scope: "col", text: words("dxg_col_answered") }),
      h("th", { scope: "col", text: words("dxg_col_distribution") }), h("th", { scope: "col", text: words("dxg_col_median") }),
      h("th", { scope: "col", text: words("dxg_col_spread") })].concat(orgs.map(function (o) { return h("th", { scope: "col", text: words("dxg_col_org_median", { org: orgName(o) }) }); })))]);
  }
  function table(id, caption, first, orgs, rows) {
    return h("div", { "class": "table-scroll", role: "region", "aria-labelledby": id + "-c", tabindex: "0" }, [
      h("table", { "class": "dx-table dxg-table", id: id }, [h("caption", { id: id + "-c", text: caption }), head(first, orgs), h("tbody", {}, rows)])]);
  }
  function byOrg(orgs, values) {
    return orgs.map(function (o) { return median(values(people.filter(function (st) { return st.org === o; }))); });
  }
  function overview(list, orgs) {
    var rows = blocks.map(function (b) {
      var vals = function (l) { return blockValues(l, b); };
      return h("tr", { "data-dxg-block": b.key }, [h("th", { scope: "row", text: blockName(b) })].concat(cells(stats(vals(list)), byOrg(orgs, vals))));
    });
    return h("section", { "class": "dxg-slide", id: "dxg-overview" }, [
      table("dxg-blocks", words("dxg_overview_caption"), page.getAttribute("data-dx-block-title") || "", orgs, rows),
      h("p", { "class": "dx-scale-note", text: words("dxg_explain") })]);
  }
  function listOf(id, heading, intro, items) {
    return h("div", { "class": "dxg-list-box" }, [h("h3", { id: id + "-h", text: heading }), h("p", { text: intro }),
      items.length ? h("ol", { id: id, "class": "dxg-ranked" }, items.map(function (x) {
        return h("li", { "data-dxg-question": x.b.key + "." + (x.q + 1) }, [
          h("span", { "class": "dxg-ranked__q", text: qNumber(x.b, x.i, x.q) + " " + x.b.questions[x.q] }), " ",
          h("span", { "class": "dxg-ranked__s", text: words("dxg_list_item", { median: fmt(x.s.median), spread: fmt(x.s.spread.sd), n: x.s.n }) })]);
      })) : h("p", { id: id, text: words("dxg_list_none") })]);
  }
  function lists(list) {
    return h("section", { "class": "dxg-slide dxg-lists", "aria-label": words("dxg_differ_heading") + ", " + words("dxg_weakest_heading") }, [
      listOf("dxg-differ", words("dxg_differ_heading"), words("dxg_differ_intro"), differMost(list)),
      listOf("dxg-weakest", words("dxg_weakest_heading"), words("dxg_weakest_intro"), weakest(list))]);
  }
  /* A question's rubric (what each level means for it), folded away under its text. */
  function rubric(b, q) {
    var levels = (b.rubrics && b.rubrics[q]) || [];
    if (levels.length !== N) return null;
    return h("details", { "class": "dxg-rubric" }, [h("summary", { text: words("dxg_rubric") }),
      h("ol", {}, levels.map(function (text, k) { return h("li", { text: words("dxg_rubric_level", { level: scale[k], text: text }) }); }))]);
  }
  function blockSlide(list, orgs, b, i) {
    var rows = b.questions.map(function (text, q) {
      var vals = function (l) { return questionValues(l, b, q); };
      return h("tr", {}, [h("th", { scope: "row" }, [qNumber(b, i, q) + " " + text, rubric(b, q)])].concat(cells(stats(vals(list)), byOrg(orgs, vals))));
    });
    return h("section", { "class": "dxg-slide dxg-block", id: "dxg-b" + i, "aria-labelledby": "dxg-b" + i + "-h" }, [
      h("h3", { id: "dxg-b" + i + "-h", text: blockName(b) }),
      table("dxg-q" + i, words("dxg_questions_caption", { title: blockName(b) }), words("dxg_col_question"), orgs, rows)]);
  }
  function personName(st, i) { return st.name.trim() || words("dxg_person", { n: i + 1 }); }
  function peopleList() {
    var total = blocks.reduce(function (a, b) { return a + b.questions.length; }, 0);
    $("dxg-people-h").textContent = words("dxg_people_heading", { n: people.length });
    $("dxg-list").replaceChildren.apply($("dxg-list"), people.map(function (st, i) {
      var name = personName(st, i);
      return h("li", {}, [h("span", { "class": "dxg-list__name", text: name }), " ",
        h("span", { "class": "dx-hint", text: (st.org ? orgName(st.org) + " · " : "") + words("dxg_person_answers", { n: answeredCount(st), total: total }) }), " ",
        h("button", { type: "button", "class": "dx-button dx-button--quiet", "data-dxg-action": "remove", "data-dxg-index": String(i) },
          [words("dxg_remove"), h("span", { "class": "visually-hidden", text: " " + words("dxg_remove_hidden", { name: name }) })])]);
    }));
  }
  function filterChoices() {
    var box = $("dxg-filter"), orgs = ORGS.concat(["none"]).filter(function (o) { return people.some(function (st) { return (st.org || "none") === o; }); });
    if (orgs.indexOf(filter) < 0) filter = "";
    box.replaceChildren.apply(box, [h("option", { value: "", text: words("dxg_filter_all") })].concat(orgs.map(function (o) {
      return h("option", { value: o, text: words("dxg_filter_org", { org: orgName(o === "none" ? "" : o), n: people.filter(function (st) { return (st.org || "none") === o; }).length }) });
    })));
    box.value = filter;
    $("dxg-filter-box").hidden = orgs.length < 2;
  }
  function render() {
    var list = shown(), orgs = orgsGiven(), slides = $("dxg-slides");
    peopleList();
    filterChoices();
    $("dxg-empty").hidden = people.length > 0;
    slides.replaceChildren.apply(slides, people.length ? [overview(list, orgs), lists(list)].concat(blocks.map(function (b, i) { return blockSlide(list, orgs, b, i); })) : []);
    if (presenting) go(current);
  }

  /* ---- presenting: one slide at a time, large, moved by the keyboard ---- */
  var presenting = false, current = 0;
  function slideList() { return Array.prototype.slice.call(document.querySelectorAll("#dxg-slides .dxg-slide")); }
  function go(n) {
    var all = slideList();
    current = Math.max(0, Math.min(all.length - 1, n));
    all.forEach(function (s, i) { s.hidden = presenting && i !== current; });
    $("dxg-where").textContent = words("dxg_present_where", { n: current + 1, total: all.length });
  }
  function present(on) {
    presenting = on && people.length > 0;
    document.documentElement.classList.toggle("dxg-presenting", presenting);
    $("dxg-bar").hidden = !presenting;
    go(presenting ? 0 : current);
    if (presenting) $("dxg-summary-h").focus();
  }
  document.addEventListener("keydown", function (ev) {
    if (!presenting || ev.altKey || ev.ctrlKey || ev.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) return;
    var step = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 }[ev.key];
    if (ev.key === "Escape") { present(false); ev.preventDefault(); } else if (step) { go(current + step); ev.preventDefault(); }
  });

  /* ---- files ---- */
  function cell(v) {
    var s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s; /* a spreadsheet must not run a note as a formula */
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  /* One row per person and question, unanswered questions included. */
  function csv() {
    var rows = [words("dxg_csv_headers", { max: N }).split("|")];
    people.forEach(function (st, p) {
      blocks.forEach(function (b) {
        b.questions.forEach(function (text, q) {
          var v = rating(st, b, q);
          rows.push([p + 1, st.name, st.org ? orgName(st.org) : "", st.date, b.key, b.number, b.title, q + 1, text, v || "", v ? scale[v - 1] : "", note(st, b, q)]);
        });
      });
    });
    return rows.map(function (r) { return r.map(cell).join(","); }).join("\r\n") + "\r\n";
  }
  function parseCsv(text) {
    var rows = [], row = [], field = "", quoted = false, i, c;
    for (i = 0; i < text.length; i++) {
      c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { row.push(field); field = ""; } else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; } else if (c !== "\r") field += c;
    }
    if (field || row.length) { row.push(field); rows.push(row); }
    return rows;
  }
  function unguard(s) { return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s; }
  /* The CSV this page writes, read back by column position (the headers are in the page's language). */
  function fromCsv(text) {
    var byPerson = {}, order = [], labels = {};
    ORGS.forEach(function (o) { labels[orgName(o).toLowerCase()] = o; labels[o] = o; });
    parseCsv(text.replace(/^\ufeff/, "")).slice(1).forEach(function (r) {
      if (r.length < 12) return;
      var id = r[0], b = blocks.filter(function (x) { return x.key === r[4]; })[0], q = Number(r[7]) - 1;
      if (!byPerson[id]) { byPerson[id] = { name: unguard(r[1]), org: labels[r[2].toLowerCase()] || "", date: r[3], blocks: {} }; order.push(id); }
      if (!b || !(q >= 0 && q < b.questions.length)) return;
      var e = byPerson[id].blocks[b.key] || (byPerson[id].blocks[b.key] = { r: [], n: [] });
      e.r[q] = Number(r[9]) || 0;
      e.n[q] = unguard(r[11]);
    });
    if (!order.length) throw new Error("not a group file");
    return order.map(function (id) { return normal(byPerson[id]); });
  }
  function exportObject() {
    return { format: "placebook-diagnostic-group", version: 1, site: D.site, scale: scale, blocks: blocks.map(function (b) { return { key: b.key, number: b.number, title: b.title, questions: b.questions }; }), participants: people };
  }
  function fileName(ext) { return words("dxg_file_name") + "-" + new Date().toISOString().slice(0, 10) + "." + ext; }
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type })), a = document.createElement("a");
    a.href = url; a.download = name; a.hidden = true;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }
  function say(text) { $("dxg-message").textContent = text; }
  function report(added, skipped) {
    say(added || skipped ? words("dxg_added", { added: added, skipped: skipped ? words("dxg_skipped", { n: skipped }) : "" }).trim() : words("dxg_added_none"));
  }
  function changed() { save(); render(); }
  /* Every share link or code in `text` (they hold no spaces), and how many words looked like one but were not. */
  function addText(text) {
    var found = [], bad = 0;
    text.split(/\s+/).filter(function (w) { return /pbd=/.test(w); }).forEach(function (w) {
      var st = decode(w);
      if (st) found.push(st); else bad++;
    });
    var added = addAll(found);
    return { added: added, skipped: bad + found.length - added };
  }
  function addFiles(files) {
    var added = 0, skipped = 0;
    return Promise.all(Array.prototype.map.call(files, function (file) {
      return file.text().then(function (text) {
        var list = /\.csv$/i.test(file.name) || !/^\s*[{[]/.test(text) ? fromCsv(text) : fromJson(JSON.parse(text));
        var n = addAll(list); added += n; skipped += list.length - n;
      }).catch(function () { skipped++; say(words("dxg_not_a_file", { file: file.name })); });
    })).then(function () { changed(); if (added) report(added, skipped); });
  }

  /* ---- buttons ---- */
  var actions = {
    add: function () { var r = addText($("dxg-paste").value); if (r.added) $("dxg-paste").value = ""; changed(); report(r.added, r.skipped); },
    remove: function (btn) {
      var i = Number(btn.getAttribute("data-dxg-index")), name = personName(people[i], i);
      people.splice(i, 1); changed(); say(words("dxg_removed", { name: name }));
      $("dxg-people-h").setAttribute("tabindex", "-1"); $("dxg-people-h").focus();
    },
    present: function () { present(true); },
    stop: function () { present(false); },
    prev: function () { go(current - 1); },
    next: function () { go(current + 1); },
    print: function () { window.print(); },
    csv: function () { download(fileName("csv"), "text/csv;charset=utf-8", "\ufeff" + csv()); say(words("dxg_downloaded", { file: fileName("csv") })); },
    json: function () { download(fileName("json"), "application/json", JSON.stringify(exportObject(), null, 2)); say(words("dxg_downloaded", { file: fileName("json") })); },
    clear: function () {
      if (!window.confirm(words("dxg_clear_confirm"))) return;
      people = []; filter = ""; present(false); changed(); say(words("dxg_cleared"));
    }
  };
  page.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-dxg-action]");
    if (btn && actions[btn.getAttribute("data-dxg-action")]) actions[btn.getAttribute("data-dxg-action")](btn);
  });
  $("dxg-files").addEventListener("change", function () { var input = this; addFiles(input.files).then(function () { input.value = ""; }); });
  $("dxg-filter").addEventListener("change", function () { filter = this.value; render(); });

  /* ---- start ---- */
  page.classList.add("dx-js");
  page.querySelector(".dxg-nojs").hidden = true;
  ["dxg-add", "dxg-people", "dxg-summary"].forEach(function (id) { $(id).hidden = false; });
  $("dxg-summary-h").setAttribute("tabindex", "-1");
  people = load();
  render();
  /* A share link opened on this page: its answers join the session. */
  function fromHash() {
    if (!/pbd=/.test(location.hash)) return;
    var r = addText(location.hash);
    try { history.replaceState(null, "", location.href.split("#")[0]); } catch (e) { /* keeps the fragment */ }
    changed(); report(r.added, r.skipped);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  /* For tests, and for anyone who wants the numbers from the console. */
  window.placebookGroup = {
    csv: csv,
    json: exportObject,
    add: function (text) { var r = addText(text); changed(); return r; },
    addCsv: function (text) { var n = addAll(fromCsv(text)); changed(); return n; },
    present: present
  };
})();
