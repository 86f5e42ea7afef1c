/* placebook default theme: the diagnostic page. Adds up the answers, draws the chart,
   keeps the answers in this browser, and shares, exports, imports and compares them.
   No dependencies and no requests: nothing leaves the browser. The page (a plain form)
   works without it. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var page = document.querySelector(".dx"), dataEl = $("dx-data"), D;
  if (!page || !dataEl) return;
  try { D = JSON.parse(dataEl.textContent); } catch (e) { return; }
  var blocks = D.blocks, scale = D.scale, N = scale.length;
  var root = page.getAttribute("data-dx-root") || "";
  var KEY = D.storageKey, CKEY = KEY + ":compare";
  var form = $("dx-form"), nameInput = $("dx-name"), orgInput = $("dx-org");
  var ORGS = ["council", "nhs", "community", "other"];
  var state, other = null, pending = null;
  /* The theme's words (strings/<language>.yaml), with {name} filled from `v`. */
  var T = {};
  try { T = JSON.parse($("pb-strings").textContent); } catch (e) { /* the page's own words stay */ }
  var names_ = { block: page.getAttribute("data-dx-block") || "", blocks: page.getAttribute("data-dx-blocks") || "", cases: page.getAttribute("data-dx-cases") || "" };
  function themeWords(key, v) {
    var all = {};
    Object.keys(names_).forEach(function (k) { all[k] = names_[k]; });
    Object.keys(v || {}).forEach(function (k) { all[k] = v[k]; });
    return String(T[key] || "").replace(/\{(\w+)\}/g, function (m, k) { return k in all ? String(all[k]) : m; });
  }

  /* ---- answers: {name, date, blocks: {key: {r: [0 or 1..N], n: [note]}}} ---- */
  function empty() { return { name: "", org: "", date: "", blocks: {} }; }
  function str(v, max) { return typeof v === "string" ? v.slice(0, max) : ""; }
  function normal(o) {
    var st = empty();
    if (!o || typeof o !== "object") return st;
    st.name = str(o.name, 120);
    st.date = str(o.date, 10);
    st.org = ORGS.indexOf(o.org) >= 0 ? o.org : "";
    blocks.forEach(function (b) {
      var e = o.blocks && o.blocks[b.key];
      if (!e) return;
      var r = [], n = [];
      b.questions.forEach(function (_, q) {
        var v = Number(e.r && e.r[q]);
        r[q] = v >= 1 && v <= N && v === Math.floor(v) ? v : 0;
        n[q] = str(e.n && e.n[q], 4000);
      });
      st.blocks[b.key] = { r: r, n: n };
    });
    return st;
  }
  function entry(st, b) {
    return st.blocks[b.key] || (st.blocks[b.key] = { r: b.questions.map(function () { return 0; }), n: b.questions.map(function () { return ""; }) });
  }
  function rating(st, b, q) { var e = st.blocks[b.key]; return (e && e.r[q]) || 0; }
  function note(st, b, q) { var e = st.blocks[b.key]; return (e && e.n[q]) || ""; }
  function score(st, b) {
    var sum = 0, n = 0;
    b.questions.forEach(function (_, q) { var v = rating(st, b, q); if (v) { sum += v; n++; } });
    return { n: n, mean: n ? sum / n : null };
  }
  /* The overall score is the mean of the answered blocks' scores: each block counts once. */
  function overall(st) {
    var sum = 0, n = 0, answered = 0, total = 0;
    blocks.forEach(function (b) {
      var s = score(st, b);
      answered += s.n; total += b.questions.length;
      if (s.n) { sum += s.mean; n++; }
    });
    return { mean: n ? sum / n : null, answered: answered, total: total };
  }
  function fmt(v) { return v === null ? "–" : v.toFixed(1); }
  function level(v) { return v === null ? "" : scale[Math.min(N, Math.max(1, Math.round(v))) - 1]; }
  function today() { return new Date().toISOString().slice(0, 10); }
  function nameOf(st, fallback) { return st.name.trim() || fallback; }
  function names() {
    var a = nameOf(state, themeWords("dx_this_assessment")), b = other ? nameOf(other, themeWords("dx_compared_assessment")) : "";
    if (b === a) b += themeWords("dx_compared_suffix");
    return [a, b];
  }

  /* ---- the form ---- */
  function toForm() {
    blocks.forEach(function (b, i) {
      b.questions.forEach(function (_, q) {
        var id = "b" + i + "q" + q, v = rating(state, b, q), t = $("dx-" + id + "-note");
        form.querySelectorAll('input[name="' + id + '"]').forEach(function (r) { r.checked = Number(r.value) === v; });
        if (t) { t.value = note(state, b, q); if (t.value) t.closest("details").open = true; }
      });
    });
    nameInput.value = state.name;
    if (orgInput) orgInput.value = state.org;
  }
  function field(target) {
    var m = /^b(\d+)q(\d+)(-note)?$/.exec(target.name || "");
    return m && blocks[+m[1]] ? { b: blocks[+m[1]], q: +m[2], note: !!m[3] } : null;
  }
  form.addEventListener("change", function (ev) {
    var f = field(ev.target);
    if (!f || f.note) return;
    entry(state, f.b).r[f.q] = Number(ev.target.value);
    changed();
    var s = score(state, f.b), o = overall(state);
    announce(themeWords("dx_announce", { title: f.b.title, n: s.n, total: f.b.questions.length, score: fmt(s.mean), max: N,
      overall: fmt(o.mean), answered: o.answered, all: o.total }));
  });
  form.addEventListener("input", function (ev) {
    var f = field(ev.target);
    if (!f || !f.note) return;
    entry(state, f.b).n[f.q] = ev.target.value;
    changed();
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  nameInput.addEventListener("input", function () { state.name = nameInput.value; changed(); });
  if (orgInput) orgInput.addEventListener("change", function () { state.org = orgInput.value; changed(); });

  /* ---- keeping answers in this browser ---- */
  function read(key) {
    try { var t = localStorage.getItem(key); return t ? normal(JSON.parse(t)) : null; } catch (e) { return null; }
  }
  function write(key, st) {
    try { if (st) localStorage.setItem(key, JSON.stringify(st)); else localStorage.removeItem(key); } catch (e) { /* private mode: the page still works */ }
  }
  function changed() { state.date = today(); write(KEY, state); schedule(); }
  var frame = 0;
  function schedule() { if (!frame) frame = requestAnimationFrame(function () { frame = 0; render(); }); }

  /* ---- share links: #pbd=1&n=name&o=organisation type&t=date&b.<block>=<one digit per question>&c.<block>.<n>=note ---- */
  function encode(st) {
    var p = new URLSearchParams();
    p.set("pbd", "1");
    if (st.name) p.set("n", st.name);
    if (st.org) p.set("o", st.org);
    if (st.date) p.set("t", st.date);
    blocks.forEach(function (b) {
      var digits = b.questions.map(function (_, q) { return rating(st, b, q).toString(36); }).join("").replace(/0+$/, "");
      if (digits) p.set("b." + b.key, digits);
      b.questions.forEach(function (_, q) { if (note(st, b, q)) p.set("c." + b.key + "." + (q + 1), note(st, b, q)); });
    });
    return p.toString();
  }
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
  function shareLink() { return location.href.split("#")[0] + "#" + encode(state); }

  /* ---- files ---- */
  function exportObject(st) {
    return {
      format: "placebook-diagnostic", version: 1, site: D.site, name: st.name, organisation: st.org, date: st.date, scale: scale,
      blocks: blocks.map(function (b) {
        var s = score(st, b);
        return {
          key: b.key, number: b.number, title: b.title, score: s.mean === null ? null : Math.round(s.mean * 100) / 100, answered: s.n,
          questions: b.questions.map(function (text, q) {
            var v = rating(st, b, q);
            return { number: q + 1, question: text, rating: v || null, label: v ? scale[v - 1] : null, note: note(st, b, q) };
          })
        };
      })
    };
  }
  function importObject(o) {
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
    return normal(st);
  }
  function cell(v) {
    var s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s; /* a spreadsheet must not run a note as a formula */
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csv(st) {
    var rows = [themeWords("dx_csv_headers", { max: N }).split("|")];
    blocks.forEach(function (b) {
      b.questions.forEach(function (text, q) {
        var v = rating(st, b, q);
        rows.push([st.name, st.date, b.number, b.title, q + 1, text, v || "", v ? scale[v - 1] : "", note(st, b, q)]);
      });
    });
    return rows.map(function (r) { return r.map(cell).join(","); }).join("\r\n") + "\r\n";
  }
  function fileName(ext) {
    var base = (state.name || D.site).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "diagnostic";
    return base + "-diagnostic-" + (state.date || today()) + "." + ext;
  }
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type })), a = document.createElement("a");
    a.href = url; a.download = name; a.hidden = true;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }
  function readFile(input, use) {
    var file = input.files && input.files[0];
    if (!file) return;
    file.text().then(function (text) {
      var st = importObject(JSON.parse(text));
      use(st, file.name);
    }).catch(function () {
      say(themeWords("dx_not_a_file", { file: file.name }));
    }).then(function () { input.value = ""; });
  }

  /* ---- results ---- */
  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (k) { if (k) e.appendChild(typeof k === "string" ? document.createTextNode(k) : k); });
    return e;
  }
  function blockName(b) { return (b.number ? b.number + ". " : "") + b.title; }
  function scoreCell(st, b) {
    var s = score(st, b);
    if (!s.n) return h("td", {}, [h("span", { "aria-hidden": "true", text: "–" }), h("span", { "class": "visually-hidden", text: themeWords("dx_not_answered") })]);
    return h("td", {}, [h("strong", { text: fmt(s.mean) }), " ", h("span", { "class": "dx-level-name", text: level(s.mean) }),
      h("span", { "class": "dx-count", text: themeWords("dx_n_answered", { n: s.n, total: b.questions.length }) })]);
  }
  function diff(a, b) {
    if (a === null || b === null) return "–";
    var d = Math.round((a - b) * 10) / 10;
    return (d > 0 ? "+" : d < 0 ? "−" : "") + Math.abs(d).toFixed(1);
  }
  function render() {
    var nm = names(), oa = overall(state), sets = other ? [state, other] : [state];
    blocks.forEach(function (b, i) {
      var s = score(state, b), status = page.querySelector('[data-dx-status="' + i + '"]');
      status.textContent = s.n ? themeWords("dx_status", { n: s.n, total: b.questions.length, score: fmt(s.mean), max: N, level: level(s.mean) }) : themeWords("dx_not_answered_yet");
      page.querySelector('[data-dx-jump="' + i + '"]').replaceChildren(h("span", { "aria-hidden": "true", text: s.n + "/" + b.questions.length }),
        h("span", { "class": "visually-hidden", text: "(" + themeWords("dx_n_answered", { n: s.n, total: b.questions.length }) + ")" }));
    });
    $("dx-overall").replaceChildren.apply($("dx-overall"), sets.map(function (st, i) { return overallItem(st, nm[i], i); }));

    page.querySelector(".dx-live").classList.toggle("dx-compare", !!other);
    var legend = $("dx-legend");
    legend.hidden = !other;
    legend.textContent = "";
    if (other) nm.forEach(function (n, i) { legend.appendChild(h("span", { "class": "dx-legend__item" }, [h("span", { "class": "dx-swatch dx-swatch--" + "ab"[i], "aria-hidden": "true" }), n])); });

    var t = $("dx-table"), head = h("tr", {}, [h("th", { scope: "col", text: page.getAttribute("data-dx-block-title") || "" }), h("th", { scope: "col", text: nm[0] })]);
    if (other) { head.appendChild(h("th", { scope: "col", text: nm[1] })); head.appendChild(h("th", { scope: "col", text: themeWords("dx_difference") })); }
    t.tHead.replaceChildren(head);
    t.tBodies[0].replaceChildren.apply(t.tBodies[0], blocks.map(function (b) {
      var row = h("tr", {}, [h("th", { scope: "row" }, [h("a", { href: root + b.url, text: blockName(b) })])]);
      sets.forEach(function (st) { row.appendChild(scoreCell(st, b)); });
      if (other) row.appendChild(h("td", { text: diff(score(state, b).mean, score(other, b).mean) }));
      return row;
    }));
    var foot = h("tr", {}, [h("th", { scope: "row", text: themeWords("dx_overall") })]);
    sets.forEach(function (st) { var o = overall(st); foot.appendChild(h("td", {}, [h("strong", { text: fmt(o.mean) }), " ", h("span", { "class": "dx-level-name", text: level(o.mean) })])); });
    if (other) foot.appendChild(h("td", { text: diff(oa.mean, overall(other).mean) }));
    t.tFoot.replaceChildren(foot);

    chart(sets, nm);
    next();
  }

  /* One assessment's overall score, as a figure of its own. */
  function overallItem(st, name, i) {
    var o = overall(st), none = o.mean === null, figure = none
      ? [h("span", { "aria-hidden": "true", text: "–" }), h("span", { "class": "visually-hidden", text: themeWords("dx_none_yet") })]
      : [fmt(o.mean), h("span", { "class": "dx-overall__of", text: themeWords("dx_out_of", { max: N }) })];
    return h("p", { "class": "dx-overall__item dx-overall__item--" + "ab"[i] }, [
      h("span", { "class": "dx-overall__name", text: name }),
      h("span", { "class": "dx-overall__label", text: themeWords("dx_overall_score") }),
      h("span", { "class": "dx-overall__figure" }, figure),
      none ? null : h("span", { "class": "dx-overall__level", text: level(o.mean) }),
      h("span", { "class": "dx-overall__count", text: themeWords("dx_questions_answered", { answered: o.answered, total: o.total }) + (st.date ? themeWords("dx_last_changed", { date: st.date }) : "") })
    ]);
  }

  var SVG = "http://www.w3.org/2000/svg";
  function s(tag, attrs, parent, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  /* Drawn at the width it is shown (or printed), so that its text keeps its size. */
  var printing = false;
  function summaryOn() { return document.documentElement.classList.contains("dx-print-summary"); }
  /* Bars start at the lowest level (a block rated 1 throughout has no bar) and fill the
     plot at the highest; text is body-sized, for a room looking at a projector. */
  function chart(sets, nm) {
    var box = $("dx-chart"), old = box.querySelector("svg");
    var W = printing ? (summaryOn() ? 390 : 680) : Math.max(240, Math.round(box.clientWidth || 600));
    var bar = printing ? 10 : 22, label = printing ? 16 : 27, gap = printing ? 6 : 14, x0 = 10, room = printing ? 34 : 46;
    var pair = bar + (printing ? 3 : 4), row = label + sets.length * pair + gap, top = printing ? 24 : 30, H = top + blocks.length * row, plot = W - x0 - room;
    var at = function (v) { return x0 + plot * (v - 1) / Math.max(1, N - 1); };
    var svg = s("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-labelledby": "dx-chart-t dx-chart-d", "class": "dx-svg" });
    s("title", { id: "dx-chart-t" }, svg, themeWords("dx_chart_title"));
    s("desc", { id: "dx-chart-d" }, svg, themeWords("dx_chart_desc", { lowest: scale[0], highest: scale[N - 1], max: N }) + (sets.length > 1 ? themeWords("dx_chart_desc_compare", { a: nm[0], b: nm[1] }) : "") + themeWords("dx_chart_desc_end"));
    var pat = s("pattern", { id: "dx-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, s("defs", {}, svg));
    s("rect", { width: 6, height: 6, "class": "dx-hatch-bg" }, pat);
    s("rect", { width: 3, height: 6, "class": "dx-hatch-line" }, pat);
    for (var v = 1; v <= N; v++) {
      s("line", { x1: at(v), x2: at(v), y1: top - 8, y2: H, "class": "dx-grid" }, svg);
      s("text", { x: at(v), y: top - (printing ? 10 : 14), "text-anchor": "middle", "class": "dx-tick" }, svg, String(v));
    }
    if (old) box.replaceChild(svg, old); else box.appendChild(svg);
    blocks.forEach(function (b, i) {
      var y = top + i * row, text = blockName(b);
      var name = s("text", { x: 0, y: y + label - 7, "class": "dx-label" }, svg, text);
      while (text.length > 4 && name.getComputedTextLength && name.getComputedTextLength() > W) {
        text = text.slice(0, -2); name.textContent = text.replace(/\s+$/, "") + "…";
      }
      sets.forEach(function (st, j) {
        var m = score(st, b).mean, by = y + label + j * pair, w = m === null ? 0 : at(m) - x0;
        if (m !== null) s("rect", { x: x0, y: by, width: w, height: bar, "class": "dx-bar dx-bar--" + "ab"[j] }, svg);
        s("text", { x: x0 + w + 6, y: by + bar - (printing ? 1 : 4), "class": m === null ? "dx-none" : "dx-value" }, svg, m === null ? themeWords("dx_chart_not_answered") : fmt(m));
      });
    });
  }
  function next() {
    var box = $("dx-next"), ranked = blocks.map(function (b, i) { return { b: b, i: i, s: score(state, b) }; })
      .filter(function (x) { return x.s.n; })
      .sort(function (x, y) { return x.s.mean - y.s.mean || x.i - y.i; }).slice(0, 3);
    if (!ranked.length) {
      box.replaceChildren(h("p", { text: themeWords("dx_next_empty") }));
      return;
    }
    box.replaceChildren(h("p", { text: themeWords("dx_next_intro") }), h("ol", { "class": "dx-next__list", role: "list" }, ranked.map(function (x) {
      var b = x.b, cases = b.cases.length ? [h("span", { text: themeWords("dx_next_cases", { cases: page.getAttribute("data-dx-cases-title") || "" }) })] : [h("span", { text: themeWords("dx_next_no_cases") })];
      b.cases.forEach(function (c, k) { if (k) cases.push(", "); cases.push(h("a", { href: root + c.url, text: c.title })); });
      if (b.casesTotal > b.cases.length) cases.push(", ", h("a", { href: root + b.url, text: themeWords("all_of", { count: b.casesTotal, plural: names_.cases }) }));
      return h("li", {}, [
        h("h4", {}, [h("a", { href: root + b.url, text: blockName(b) })]),
        h("p", { text: themeWords("dx_next_score", { score: fmt(x.s.mean), max: N, level: level(x.s.mean), n: x.s.n, total: b.questions.length }) }),
        names_.cases ? h("p", {}, cases) : null
      ]);
    })));
  }

  /* ---- messages ---- */
  var timer;
  function announce(text) {
    var el = $("dx-announce");
    el.textContent = "";
    clearTimeout(timer);
    timer = setTimeout(function () { el.textContent = text; }, 150);
  }
  function say(text) { $("dx-message").textContent = text; }

  /* ---- comparing ---- */
  function compareWith(st, from) {
    other = st;
    write(CKEY, other);
    showCompare();
    render();
    say(themeWords("dx_comparing", { name: names()[1], from: from ? themeWords("dx_from", { from: from }) : "" }));
  }
  function showCompare() {
    var el = $("dx-compare-state");
    el.hidden = !other;
    if (other) el.firstChild.textContent = themeWords("dx_comparing_short", { name: names()[1], date: other.date ? " (" + other.date + ")" : "" });
  }

  /* ---- a share link opened in this browser ---- */
  function answered(st) { return overall(st).answered > 0 || !!st.name; }
  function same(a, b) { return encode({ name: a.name, blocks: a.blocks }) === encode({ name: b.name, blocks: b.blocks }); }
  function fromHash() {
    if (!/^#pbd=/.test(location.hash)) return;
    var shared = decode(location.hash);
    try { history.replaceState(null, "", location.href.split("#")[0]); } catch (e) { /* keeps the fragment */ }
    if (!shared) return;
    if (!answered(state) || same(shared, state)) {
      state = shared;
      toForm();
      write(KEY, state);
      render();
      say(themeWords("dx_loaded_link", { name: state.name ? ": " + state.name : "" }));
      announce(themeWords("dx_loaded_link_short"));
      return;
    }
    pending = shared;
    $("dx-shared-text").textContent = themeWords("dx_shared_text", { name: shared.name ? themeWords("dx_shared_name", { name: shared.name }) : "",
      date: shared.date ? themeWords("dx_shared_date", { date: shared.date }) : "", n: overall(shared).answered });
    $("dx-shared").hidden = false;
    $("dx-shared-h").setAttribute("tabindex", "-1");
    $("dx-shared-h").focus();
  }

  /* ---- buttons ---- */
  var actions = {
    share: function () {
      var input = $("dx-share-url");
      input.value = shareLink();
      $("dx-share").hidden = false;
      input.focus(); input.select();
      say(location.protocol === "file:" ? themeWords("dx_share_file") : themeWords("dx_share_web"));
    },
    copy: function () {
      var input = $("dx-share-url");
      input.select();
      var done = function () { say(themeWords("dx_copied")); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
      else { document.execCommand("copy"); done(); }
    },
    csv: function () { download(fileName("csv"), "text/csv;charset=utf-8", "\ufeff" + csv(state)); say(themeWords("dx_downloaded", { file: fileName("csv") })); },
    json: function () { download(fileName("json"), "application/json", JSON.stringify(exportObject(state), null, 2)); say(themeWords("dx_downloaded", { file: fileName("json") })); },
    print: function () { summary(true); window.print(); /* "afterprint" turns the summary off */ },
    "compare-link": function () {
      var st = decode($("dx-compare-link").value.trim());
      if (st) { compareWith(st, themeWords("dx_the_link")); $("dx-compare-link").value = ""; }
      else say(themeWords("dx_not_share_link"));
    },
    "stop-compare": function () { other = null; write(CKEY, null); showCompare(); render(); say(themeWords("dx_comparison_removed")); },
    clear: function () {
      if (!window.confirm(themeWords("dx_clear_confirm"))) return;
      state = empty(); write(KEY, null); toForm(); render(); say(themeWords("dx_cleared"));
    },
    adopt: function () { state = pending; toForm(); write(KEY, state); hideShared(); render(); say(themeWords("dx_adopted")); },
    "compare-shared": function () { compareWith(pending, themeWords("dx_the_link")); hideShared(); },
    dismiss: function () { hideShared(); say(themeWords("dx_dismissed")); }
  };
  function hideShared() {
    var to = $("dx-results-h");
    pending = null;
    $("dx-shared").hidden = true;
    to.setAttribute("tabindex", "-1");
    to.focus();
  }
  function summary(on) { document.documentElement.classList.toggle("dx-print-summary", on); }
  page.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-dx-action]");
    if (btn && actions[btn.getAttribute("data-dx-action")]) actions[btn.getAttribute("data-dx-action")]();
  });
  $("dx-import").addEventListener("change", function () {
    readFile(this, function (st, from) { state = st; toForm(); write(KEY, state); render(); say(themeWords("dx_loaded_from", { from: from })); });
  });
  $("dx-compare-file").addEventListener("change", function () { readFile(this, compareWith); });
  window.addEventListener("beforeprint", function () { printing = true; render(); });
  window.addEventListener("afterprint", function () { printing = false; summary(false); render(); });
  window.addEventListener("hashchange", fromHash);
  var resized = 0;
  window.addEventListener("resize", function () { clearTimeout(resized); resized = setTimeout(render, 150); });

  /* ---- start ---- */
  page.classList.add("dx-js");
  state = read(KEY) || empty();
  other = read(CKEY);
  toForm();
  page.querySelectorAll("[hidden].dx-js-only, .dx-live, .dx-tools, [data-dx-status]").forEach(function (e) { e.hidden = false; });
  page.querySelector(".dx-static").hidden = true;
  /* The quick version (index.html?quick): only the first question of each block. */
  if (/(^|[?&])quick(=|&|$)/.test(location.search.slice(1))) { page.classList.add("dx-quick"); $("dx-quick-note").hidden = false; }
  showCompare();
  render();
  fromHash();
  /* For tests and for people who want the raw data from the console. */
  window.placebookDiagnostic = {
    csv: function () { return csv(state); },
    json: function () { return exportObject(state); },
    shareLink: shareLink,
    compared: function () { return other && exportObject(other); },
    summary: function (on) { summary(on); printing = on; render(); }
  };
})();
