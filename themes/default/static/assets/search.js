/* placebook search: queries the static index in search/data/ (README, "Search").
   Index files are scripts calling PBS(name, data), so they load from file:// too; each
   is named by a hash of its content, listed in the manifest the search page names. */
(function () {
  "use strict";
  var A = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var D = new Int8Array(128).fill(-1);
  for (var i = 0; i < 64; i++) D[A.charCodeAt(i)] = i;
  var TITLE = 1.5, PAGE = 10, MAX_LEVEL = 47;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;

  /* The theme's words (strings/<language>.yaml), with {name} filled from `v`. */
  var T = null;
  function themeWords(key, v) {
    if (!T) { try { T = JSON.parse(document.getElementById("pb-strings").textContent); } catch (e) { T = {}; } }
    return String(T[key] || "").replace(/\{(\w+)\}/g, function (m, k) { return v && k in v ? String(v[k]) : m; });
  }

  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function len(w) { return Array.from(w).length; }
  function same(w) { return w; }

  /* Welsh initial mutations, as src/search/welsh.rs keys them (RADICAL there): the first
     letters of a folded word to its group's letter, longest first, so that Caerdydd,
     Gaerdydd, Nghaerdydd and Chaerdydd meet. A word of nothing but these letters stays. */
  var RADICAL = [["ngh", "c"], ["mh", "p"], ["nh", "t"], ["ch", "c"], ["ph", "p"], ["th", "t"],
    ["ng", "c"], ["dd", "t"], ["ff", "ff"], ["rh", "r"], ["ll", "l"], ["g", "c"], ["b", "p"],
    ["f", "p"], ["m", "p"], ["d", "t"], ["n", "t"]];
  function radical(w) {
    for (var i = 0; i < RADICAL.length; i++) {
      var from = RADICAL[i][0];
      if (w.indexOf(from) === 0) return w.length > from.length ? RADICAL[i][1] + w.slice(from.length) : w;
    }
    return w;
  }
  /* A Welsh query word keyed by its radical; one that may have lost a soft-mutated g
     (waith for gwaith, ardd for gardd) is also looked up with it put back. */
  function welshWord(q) {
    q.w = radical(q.w);
    q.typo = q.typo && len(q.w) >= 5;
    if (/^[aeiouwylr]/.test(q.w)) q.alt = radical("g" + q.w);
  }
  function words(s) {
    return (fold(s).match(WORD) || []).filter(function (w) { var n = len(w); return n > 1 && n <= 40; });
  }

  /* The query's words: {w, raw, prefix, typo}, and out.phrases, the words of each quoted
     phrase of two words or more, in order. A quoted word alone matches only as written;
     a phrase's words match as any word does (stems, one typo), side by side. The last
     word, while still being typed, also matches as a prefix. */
  function parse(q) {
    var out = [], seen = {}, re = /"([^"]*)"?|[^"]+/g, m;
    out.phrases = [];
    while ((m = re.exec(q))) {
      var quoted = m[1] !== undefined, ws = words(quoted ? m[1] : m[0]), phrase = quoted && ws.length > 1;
      if (phrase) out.phrases.push(ws);
      ws.forEach(function (w) {
        if (seen[w]) return;
        seen[w] = 1;
        out.push({ w: w, raw: w, prefix: false, typo: (!quoted || phrase) && len(w) >= 5, quoted: quoted });
      });
    }
    var last = out[out.length - 1];
    if (last && !last.quoted && /[\p{Alphabetic}\p{N}]$/u.test(q) && len(last.w) >= 2) last.prefix = true;
    return out;
  }

  /* Whether list a sorts before list b. */
  function before(a, b) {
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
    return false;
  }

  /* The edits (insert, delete, substitute) from a to b, or max + 1 when there are more. */
  function edits(a, b, max) {
    a = Array.from(a); b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        if (cur[j] < low) low = cur[j];
      }
      if (low > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  /* Whether a and b are at most one edit apart (insert, delete, substitute, swap). */
  function oneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function hex(p) {
    return Array.from(new TextEncoder().encode(p), function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function shardName(p) { return p === "" ? "_root" : /^[a-z0-9_]+$/.test(p) ? p : "u-" + hex(p); }

  /* Shard prefixes, sorted, from their list "<shared><rest> ...": each is the first
     <shared> UTF-16 units of the one before it (<shared> a digit of A) and <rest>. */
  function prefixList(s) {
    var prev = "";
    return (s ? s.split(" ") : []).map(function (e) { return (prev = prev.slice(0, D[e.charCodeAt(0)]) + e.slice(1)); });
  }
  /* Postings "impact gap impact gap ...": docs, body levels, title word counts. */
  function decode(s) {
    var docs = [], lv = [], tw = [], prev = -1, i = 0, n = s.length;
    while (i < n) {
      var c = D[s.charCodeAt(i++)], t = 0;
      if (c > MAX_LEVEL) { t = c - MAX_LEVEL; c = D[s.charCodeAt(i++)]; }
      var v = 0, d;
      while ((d = D[s.charCodeAt(i++)]) >= 32) v = v * 32 + d - 32;
      prev += v * 32 + d + 1;
      docs.push(prev); lv.push(c); tw.push(t);
    }
    return { docs: docs, lv: lv, tw: tw };
  }
  function docSet(s, n) {
    var set = new Uint8Array(n), i, prev = -1;
    if (s[0] === "b") {
      for (i = 1; i < s.length; i++) for (var b = 0, v = D[s.charCodeAt(i)]; b < 6; b++) if (v & (1 << b)) set[(i - 1) * 6 + b] = 1;
    } else {
      for (i = 1; i < s.length;) {
        var x = 0, d;
        while ((d = D[s.charCodeAt(i++)]) >= 32) x = x * 32 + d - 32;
        prev += x * 32 + d + 1;
        set[prev] = 1;
      }
    }
    return set;
  }

  function bytesOf(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }
  /* A page's text from its page file (deflated against the manifest's dictionary, whose
     prefix `m.z` goes first and whose `m.zn` bytes are then dropped; base64:
     src/search/packed.rs), or "" where the browser cannot inflate (the excerpt is then
     the summary alone). */
  function unpack(b64, m) {
    if (!b64 || !window.DecompressionStream) return Promise.resolve("");
    var parts = m.z ? [m.zb || (m.zb = bytesOf(m.z)), bytesOf(b64)] : [bytesOf(b64)];
    var raw = new Blob(parts).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(raw).arrayBuffer().then(function (buf) {
      return new TextDecoder().decode(new Uint8Array(buf, m.zn || 0));
    }).catch(function () { return ""; });
  }

  /* The engine: loads what a query needs (from the folder `base`, starting with the
     manifest file `manifest`, without .js) and ranks documents. */
  function Engine(base, manifest) {
    var store = {}, loading = {}, shards = {}, self = this;
    window.PBS = function (key, data) { store[key] = data; };
    function load(key) {
      if (!loading[key]) {
        loading[key] = new Promise(function (ok, fail) {
          var s = document.createElement("script");
          s.src = base + key + ".js";
          s.onload = function () { key in store ? ok(store[key]) : fail(new Error("bad index file " + key)); };
          s.onerror = function () { delete loading[key]; fail(new Error("cannot load " + s.src)); };
          document.head.appendChild(s);
        });
      }
      return loading[key];
    }
    this.load = load;
    /* The index key of a folded word (its Welsh radical when the index says so). */
    this.key = same;
    var ready = load(manifest).then(function (m) {
      self.m = m;
      if (m.mutations === "cy") self.key = radical;
      /* prefix -> its file's hash (the term shards': their group's, m.tg shards each) */
      m.has = Object.create(null);
      m.hasEnd = Object.create(null);
      m.shards = prefixList(m.shards);
      m.endings = prefixList(m.endings);
      m.shards.forEach(function (p, i) { m.has[p] = m.t.substr((i / m.tg | 0) * m.hash, m.hash); });
      m.endings.forEach(function (p) { m.hasEnd[p] = m.e; });
      return m;
    });
    function fileOf(kind, name, hash) { return kind + "-" + name + "-" + hash; }
    /* The pair shards' prefixes -> hashes (loaded for the first phrase). */
    var pairIndex = null;
    function pairs() {
      return pairIndex || (pairIndex = ready.then(function (m) {
        return load(m.pairs).then(function (p) {
          var has = Object.create(null);
          /* Each pair shard is named by its own hash, in the prefixes' order. */
          prefixList(p.shards).forEach(function (x, i) { has[x] = p.h.substr(i * m.hash, m.hash); });
          return has;
        });
      }));
    }
    var pairShards = {};
    function pairShard(p, has) {
      return pairShards[p] || (pairShards[p] = load(fileOf("p", shardName(p), has[p])).then(function (text) {
        var map = new Map(), prev = "";
        /* Keys front-coded as the prefix lists are. */
        text.split(";").forEach(function (e) { var i = e.indexOf(":"); if (i > 0) map.set(prev = prev.slice(0, D[e.charCodeAt(0)]) + e.slice(1, i), e.slice(i + 1)); });
        return map;
      }));
    }
    /* The documents where a stem of `a` stands just before a stem of `b` (their five
       likeliest stems each): a Uint8Array by document. */
    function sideBySide(a, b, n) {
      function likeliest(x) {
        return Array.from(x.cands.keys()).sort(function (s, t) { return x.cands.get(t).wt - x.cands.get(s).wt; }).slice(0, 5);
      }
      var keys = [];
      likeliest(a).forEach(function (s) { likeliest(b).forEach(function (t) { keys.push(s + "_" + t); }); });
      return pairs().then(function (has) {
        return Promise.all(keys.map(function (k) {
          var p = longest(Array.from(k), has);
          return p === null ? null : pairShard(p, has).then(function (map) { return map.get(k); });
        }));
      }).then(function (sets) {
        var out = new Uint8Array(n);
        sets.forEach(function (s) { if (s) { var d = docSet(s, n); for (var i = 0; i < n; i++) out[i] |= d[i]; } });
        return out;
      });
    }
    /* For each document, how many of the query's phrases it has with their words side by
       side (null when the query has no phrase). */
    function phraseHits(qs, per, n) {
      if (!qs.phrases.length) return Promise.resolve(null);
      var byWord = {};
      per.forEach(function (x) { byWord[x.q.raw] = x; });
      return Promise.all(qs.phrases.map(function (ws) {
        var steps = [];
        for (var i = 0; i + 1 < ws.length; i++) {
          if (byWord[ws[i]] && byWord[ws[i + 1]]) steps.push(sideBySide(byWord[ws[i]], byWord[ws[i + 1]], n));
        }
        return Promise.all(steps).then(function (sets) {
          var all = new Uint8Array(n).fill(1);
          sets.forEach(function (s) { for (var d = 0; d < n; d++) all[d] &= s[d]; });
          return all;
        });
      })).then(function (each) {
        var hits = new Uint8Array(n);
        each.forEach(function (s) { for (var d = 0; d < n; d++) hits[d] += s[d]; });
        return hits;
      });
    }
    /* The longest listed prefix (in `has`) of the characters cs. */
    function longest(cs, has) {
      for (var n = cs.length; n >= 0; n--) { var p = cs.slice(0, n).join(""); if (has[p]) return p; }
      return null;
    }
    function owner(t) { return longest(Array.from(t), self.m.has); }
    function shard(p) {
      if (shards[p]) return shards[p];
      return (shards[p] = load(fileOf("t", shardName(p), self.m.has[p])).then(function (text) {
        var stems = new Map(), alias = new Map(), keys = [];
        text.split(";").forEach(function (e) {
          var i = e.indexOf(":");
          if (i > 0) { stems.set(e.slice(0, i), e.slice(i + 1)); keys.push(e.slice(0, i)); }
          else { i = e.indexOf(">"); if (i > 0) { alias.set(e.slice(0, i), e.slice(i + 1)); keys.push(e.slice(0, i)); } }
        });
        return { stems: stems, alias: alias, keys: keys, dec: new Map() };
      }));
    }
    /* The shards a word may be found in: its own, and for a prefix the longer ones. */
    function shardsFor(q) {
      var ps = [], o = owner(q.w), a = q.alt ? owner(q.alt) : null;
      if (o !== null) ps.push(o);
      if (a !== null && a !== o) ps.push(a);
      if (q.prefix) {
        self.m.shards.filter(function (p) { return p.length > q.w.length && p.indexOf(q.w) === 0; })
          .slice(0, 8).forEach(function (p) { ps.push(p); });
      }
      return ps;
    }
    /* stem -> {weight, shard} for one word. */
    function candidates(q, loaded) {
      var out = new Map(), w = q.w;
      function add(stem, wt, via) { addCand(out, stem, wt, via); }
      var prefixed = [], typos = [];
      loaded.forEach(function (s) {
        s.keys.forEach(function (k) {
          var wt = k === w ? 1 : k === q.alt ? 0.9 : q.prefix && k.indexOf(w) === 0 ? 0.8 : q.typo && len(k) > 3 && oneEdit(w, k) ? 0.6 : 0;
          if (wt === 0.6) typos.push([s, k]);
          if (wt < 0.8) return;
          var stems = [];
          if (s.stems.has(k)) stems.push(k);
          if (s.alias.has(k)) stems.push(s.alias.get(k));
          stems.forEach(function (st) {
            if (wt === 0.8) prefixed.push([st, k, (s.stems.get(st) || "").length]);
            else add(st, wt, k);
          });
        });
      });
      /* A short prefix can match hundreds of words: keep the most frequent. */
      prefixed.sort(function (a, b) { return b[2] - a[2]; }).slice(0, 40).forEach(function (x) { add(x[0], 0.8, x[1]); });
      /* Words one edit away count only when the word itself is not in the index. */
      if (!out.size) typos.forEach(function (x) { addTypo(out, x[0], x[1]); });
      return out;
    }
    function addCand(out, stem, wt, via) {
      var c = out.get(stem);
      if (!c || c.wt < wt) out.set(stem, { wt: wt, key: via });
    }
    /* A key one edit from the query word, found in shard s. */
    function addTypo(out, s, k) {
      if (s.stems.has(k)) addCand(out, k, 0.6, k);
      if (s.alias.has(k)) addCand(out, s.alias.get(k), 0.6, k);
    }
    /* For a word that matched nothing in its own shard (a typo near its start sends it to
       another): the keys one edit away, found through the ending shard of the word read
       backwards, and the term shards that hold them. */
    function byEnding(q, out) {
      if (out.size || !q.typo) return Promise.resolve(out);
      var e = longest(Array.from(q.w).reverse(), self.m.hasEnd);
      if (e === null) return Promise.resolve(out);
      return load(fileOf("e", shardName(e), self.m.hasEnd[e])).then(function (text) {
        var near = text.split(";").filter(function (k) { return oneEdit(q.w, k); }).slice(0, 20);
        return Promise.all(near.map(function (k) { var o = owner(k); return o === null ? null : shard(o); }))
          .then(function (ss) {
            ss.forEach(function (s, i) { if (s) addTypo(out, s, near[i]); });
            return out;
          });
      });
    }
    function postings(stem) {
      var o = owner(stem);
      if (o === null) return Promise.resolve(null);
      return shard(o).then(function (s) {
        var p = s.stems.get(stem);
        if (p === undefined) return null;
        if (!s.dec.has(stem)) s.dec.set(stem, decode(p));
        return s.dec.get(stem);
      });
    }
    /* Ranks the documents for a query: {words, docs (ranked ids), marks (words to highlight)}. */
    this.search = function (query) {
      var qs = parse(query);
      return ready.then(function (m) {
        if (!qs.length) return { words: qs, docs: [], marks: [] };
        if (m.mutations === "cy") qs.forEach(welshWord);
        if (qs.phrases.length) pairs();
        return Promise.all(qs.map(function (q) {
          var loaded;
          return Promise.all(shardsFor(q).map(shard)).then(function (ls) {
            loaded = ls;
            return byEnding(q, candidates(q, loaded));
          }).then(function (cands) {
            var stems = Array.from(cands.keys());
            return Promise.all(stems.map(postings)).then(function (lists) {
              return { q: q, cands: cands, stems: stems, lists: lists, loaded: loaded };
            });
          });
        })).then(function (per) {
          return phraseHits(qs, per, m.docs).then(function (hits) {
            var r = rank(m.docs, per, hits);
            r.suggestion = r.docs.length ? "" : suggest(per);
            return r;
          });
        });
      });
    };
    /* For a query that found nothing: the query with each word that matched nothing
       replaced by the nearest word of its shard (two edits at most), or "". */
    function suggest(per) {
      var changed = false;
      var out = per.map(function (x) {
        var near = x.cands.size ? null : nearest(x.q.w, x.loaded);
        if (near) changed = true;
        return near || x.q.w;
      });
      return changed ? out.join(" ") : "";
    }
    /* The key of `loaded` fewest edits from `w`: a word as written before a stem, then
       the one on most pages. */
    function nearest(w, loaded) {
      var best = null, score = null;
      loaded.forEach(function (s) {
        s.keys.forEach(function (k) {
          if (len(k) < 3) return;
          var d = edits(w, k, 2);
          if (d > 2) return;
          var stem = s.alias.get(k) || k, sc = [d, s.alias.has(k) ? 0 : 1, -(s.stems.get(stem) || "").length];
          if (!score || before(sc, score)) { best = k; score = sc; }
        });
      });
      return best;
    }
    /* Documents with the most query words, ranked: a document with more of the phrases
       (`hits`, or null) first, then one whose title is the query, then by BM25. */
    function rank(n, per, hits) {
      var total = new Float64Array(n), count = new Uint8Array(n), inTitle = new Uint8Array(n), tlen = new Uint8Array(n);
      var best = new Float64Array(n), bestT = new Uint8Array(n), hit = new Uint8Array(n), marks = [], groups = [];
      per.forEach(function (x) {
        var touched = [], group = [x.q.w];
        groups.push(group);
        x.stems.forEach(function (st, j) {
          var p = x.lists[j], c = x.cands.get(st);
          if (!p) return;
          group.push(st, c.key);
          var df = p.docs.length, idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          for (var i = 0; i < df; i++) {
            var d = p.docs[i], t = c.wt >= 0.8 ? p.tw[i] : 0;
            var s = c.wt * idf * (p.lv[i] / MAX_LEVEL + (p.tw[i] ? TITLE : 0));
            if (!hit[d]) { hit[d] = 1; touched.push(d); }
            if (s > best[d]) best[d] = s;
            if (t) bestT[d] = t;
          }
        });
        marks.push.apply(marks, group);
        touched.forEach(function (d) {
          total[d] += best[d]; count[d]++;
          if (bestT[d]) { inTitle[d]++; tlen[d] = bestT[d]; }
          best[d] = 0; bestT[d] = 0; hit[d] = 0;
        });
      });
      var nw = per.length, most = 0, docs = [], d;
      for (d = 0; d < n; d++) if (count[d] > most) most = count[d];
      for (d = 0; d < n; d++) if (most && count[d] === most) docs.push(d);
      var exact = function (d) { return inTitle[d] === nw ? (tlen[d] === nw ? 2 : 1) : 0; };
      var ph = hits ? function (d) { return hits[d]; } : function () { return 0; };
      docs.sort(function (a, b) { return ph(b) - ph(a) || exact(b) - exact(a) || total[b] - total[a] || a - b; });
      return { words: per.map(function (x) { return x.q; }), docs: docs, all: most === nw, marks: marks, groups: groups };
    }
    /* The page files of documents, all at once: [{id, title, url, collection, summary,
       text, sections: [{at, id, title}]}]. */
    this.meta = function (ids) {
      var m = self.m;
      return Promise.all(ids.map(function (id) {
        var b = Math.floor(id / m.block);
        return load(fileOf("f", id, m.f.substr(b * m.hash, m.hash))).then(function (r) {
          var sections = [];
          return unpack(r[4], m).then(function (text) {
            /* A title given as its length is the text there; an id given as 0, its slug. */
            for (var i = 0; i + 2 < r[5].length; i += 3) {
              var at = r[5][i], t = r[5][i + 2];
              t = t === +t ? text.substr(at, t) : t;
              sections.push({ at: at, id: r[5][i + 1] || t.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""), title: t });
            }
            return { id: id, title: r[0], url: r[1], collection: m.collections[r[2]] || "", summary: r[3], text: text, sections: text ? sections : [] };
          });
        });
      }));
    };
    /* Facets: [{key, title, values: [{name, set}]}] (loaded when first asked for). */
    this.facets = function () {
      return self.facetsP || (self.facetsP = ready.then(function (m) {
        return load(m.facets).then(function (fs) {
          return fs.map(function (f) {
            return { key: f.key, title: f.title, values: f.values.map(function (v) { return { name: v[0], set: docSet(v[1], m.docs) }; }) };
          });
        });
      }));
    };
    this.ready = ready;
  }

  /* Keeps the documents passing every facet's chosen values except `skip`'s. */
  function filter(docs, facets, chosen, skip) {
    var tests = [];
    (facets || []).forEach(function (f) {
      var names = chosen[f.key] || [];
      if (f.key === skip || !names.length) return;
      var sets = f.values.filter(function (v) { return names.indexOf(v.name) >= 0; }).map(function (v) { return v.set; });
      tests.push(function (d) { return sets.some(function (s) { return s[d]; }); });
    });
    return tests.length ? docs.filter(function (d) { return tests.every(function (t) { return t(d); }); }) : docs;
  }

  /* Text with every word whose key (see Engine.key) starts with one of `marks` in
     <mark>, as DOM nodes. */
  function highlight(el, text, marks, key) {
    var last = 0;
    text.replace(WORD, function (w, at) {
      var f = key(fold(w));
      if (marks.some(function (m) { return m && len(m) > 1 && f.indexOf(m) === 0; })) {
        el.appendChild(document.createTextNode(text.slice(last, at)));
        var mk = document.createElement("mark");
        mk.textContent = w;
        el.appendChild(mk);
        last = at + w.length;
      }
      return w;
    });
    el.appendChild(document.createTextNode(text.slice(last)));
  }
  /* The summary, then the text, with a full stop between them when the summary does
     not end a sentence of its own. */
  function joined(summary, text) {
    if (!summary) return text;
    return summary + (/[.!?:;…]["'”’)]*$/.test(summary) ? " " : ". ") + text;
  }

  var SPAN = 30, LEAD = 8;
  /* The words of `text`: [{s, e, g}], start and end, and the index of the query word
     (`groups`: each query word's keys, see Engine.search) it matches, or -1. */
  function wordsOf(text, groups, key) {
    var out = [], m, re = new RegExp(WORD.source, "gu");
    while ((m = re.exec(text))) {
      var f = key(fold(m[0])), g = -1;
      for (var i = 0; i < groups.length && g < 0; i++) {
        if (groups[i].some(function (k) { return k && len(k) > 1 && f.indexOf(k) === 0; })) g = i;
      }
      out.push({ s: m.index, e: m.index + m[0].length, g: g });
    }
    return out;
  }
  /* The score of words[from, to): query words found, then query words side by side in
     their order (a phrase), then matches. */
  function windowScore(ws, from, to) {
    var seen = {}, distinct = 0, pairs = 0, hits = 0;
    for (var i = from; i < to; i++) {
      var g = ws[i].g;
      if (g < 0) continue;
      hits++;
      if (!seen[g]) { seen[g] = 1; distinct++; }
      if (i + 1 < to && ws[i + 1].g === g + 1) pairs++;
    }
    return distinct * 1000 + pairs * 10 + hits;
  }
  /* The best window of SPAN words within words[lo, hi): {from, to, score} (score 0 and
     the first words when none matches). */
  function bestWindow(ws, lo, hi) {
    var best = { from: lo, to: Math.min(hi, lo + SPAN), score: 0 };
    for (var i = lo; i < hi; i++) {
      if (ws[i].g < 0) continue;
      var from = Math.max(lo, Math.min(i - LEAD, hi - SPAN)), to = Math.min(hi, from + SPAN);
      var sc = windowScore(ws, from, to);
      if (sc > best.score) best = { from: from, to: to, score: sc };
    }
    return best;
  }
  /* The text of words[w.from, w.to) with a closing mark of punctuation, and "…" where
     it leaves out text of words[lo, hi). A word written with others ("one's", "co-op")
     is kept whole at either end. */
  function cutOut(text, ws, w, lo, hi) {
    if (w.from >= w.to) return "";
    var from = w.from, to = w.to, joins = function (i) { return !/\s/.test(text.slice(ws[i - 1].e, ws[i].s)); };
    while (from > lo && joins(from)) from--;
    while (to < hi && joins(to)) to++;
    var end = ws[to - 1].e, tail = /^[.!?:;…,)"'”’]*/.exec(text.slice(end))[0];
    return (from > lo ? "… " : "") + text.slice(ws[from].s, end + tail.length) + (to < hi ? " …" : "");
  }
  /* The index of the first word of ws starting at or after character `at`. */
  function wordAt(ws, at) {
    var lo = 0, hi = ws.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (ws[mid].s < at) lo = mid + 1; else hi = mid; }
    return lo;
  }
  /* A result's excerpts: `page`, about SPAN words of the summary and text around their
     best match, and `sections`, up to three of the page's sections (in page order) whose
     heading or text match best: {id, title, text}, the text cut around its best match,
     or "" when that is mostly the page's excerpt (it is not shown twice). */
  function excerpts(r, groups, key) {
    var text = joined(r.summary, r.text), shift = text.length - r.text.length;
    var ws = wordsOf(text, groups, key), page = bestWindow(ws, 0, ws.length);
    var found = r.sections.map(function (h, i) {
      var lo = wordAt(ws, h.at + shift), next = r.sections[i + 1];
      var hi = next ? wordAt(ws, next.at + shift) : ws.length;
      var body = Math.min(hi, lo + (h.title.match(WORD) || []).length), w = bestWindow(ws, body, hi);
      var heading = windowScore(ws, lo, body), shared = Math.min(w.to, page.to) - Math.max(w.from, page.from);
      var cut = shared * 2 > w.to - w.from ? "" : cutOut(text, ws, w, body, hi);
      return { id: h.id, title: h.title, text: cut, score: w.score + heading, i: i };
    }).filter(function (x) { return x.score > 0; });
    found.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return {
      page: cutOut(text, ws, page, 0, ws.length),
      sections: found.slice(0, 3).sort(function (a, b) { return a.i - b.i; })
    };
  }

  function ui() {
    var form = document.getElementById("search-form");
    if (!form) return null;
    var $ = function (id) { return document.getElementById(id); };
    var input = $("search-q"), status = $("search-status"), list = $("search-results"), more = $("search-more");
    var details = $("search-filters"), facetBox = $("search-facets"), root = form.getAttribute("data-root");
    var engine = new Engine(form.getAttribute("data-index"), form.getAttribute("data-manifest"));
    var state = { q: "", chosen: {} }, result = null, shown = 0, facets = null, run = 0, timer = 0;

    function fromUrl() {
      var p = new URLSearchParams(location.search), chosen = {};
      p.forEach(function (v, k) { if (k !== "q" && v) (chosen[k] = chosen[k] || []).push(v); });
      return { q: p.get("q") || "", chosen: chosen };
    }
    function toUrl() {
      var p = new URLSearchParams();
      if (state.q) p.set("q", state.q);
      Object.keys(state.chosen).sort().forEach(function (k) { state.chosen[k].forEach(function (v) { p.append(k, v); }); });
      var s = p.toString();
      return location.pathname + (s ? "?" + s : "");
    }
    function remember(push) {
      var url = toUrl();
      if (url === location.pathname + location.search) return;
      try { history[push ? "pushState" : "replaceState"](null, "", url); } catch (e) { /* some file:// setups refuse */ }
    }
    function chosenCount() { return Object.keys(state.chosen).reduce(function (n, k) { return n + state.chosen[k].length; }, 0); }
    function needFacets() {
      if (facets || !(details.open || chosenCount())) return Promise.resolve();
      return engine.facets().then(function (f) { facets = f; });
    }

    /* Runs the query in the box. The new results, filters and count replace the old
       ones in one step, once all they need has loaded, so that nothing already on
       screen moves while they load. */
    function search() {
      var mine = ++run;
      if (!state.q.trim()) {
        list.textContent = ""; status.textContent = ""; more.hidden = true; details.hidden = true; result = null;
        return Promise.resolve();
      }
      return Promise.all([engine.search(state.q), needFacets()]).then(function (r) {
        if (mine !== run) return;
        var next = r[0];
        next.filtered = filter(next.docs, facets, state.chosen);
        return items(next, 0).then(function (lis) {
          if (mine !== run) return;
          result = next;
          details.hidden = !result.docs.length;
          drawFacets();
          list.replaceChildren.apply(list, lis);
          shown = lis.length;
          more.hidden = shown >= result.filtered.length;
          status.textContent = counted();
          showSuggestion(result.docs.length ? "" : result.suggestion);
        });
      }).catch(function (e) {
        status.textContent = themeWords("search_failed", { error: e.message });
      });
    }
    /* "Did you mean …?" under the status, linking to the search for `words` (none: hidden). */
    function showSuggestion(words) {
      var hint = document.getElementById("search-suggestion");
      if (!hint) {
        hint = document.createElement("p");
        hint.id = "search-suggestion";
        hint.className = "search-suggestion";
        status.parentNode.insertBefore(hint, status.nextSibling);
      }
      hint.textContent = "";
      hint.hidden = !words;
      if (!words) return;
      var parts = themeWords("search_did_you_mean").split("{suggestion}"), a = document.createElement("a");
      a.href = "?q=" + encodeURIComponent(words);
      a.textContent = words;
      hint.append(parts[0] || "", a, parts[1] || "");
    }
    /* The status line: how many results, for what. */
    function counted() {
      var n = result.filtered.length, q = "“" + state.q.trim() + "”";
      if (!n) return themeWords(chosenCount() ? "search_none_filtered" : "search_none", { query: q });
      return themeWords(n === 1 ? "search_one_result" : "search_results", { count: n, query: q }) +
        (chosenCount() ? themeWords("search_filtered") : "") + (result.all ? "" : themeWords("search_partial")) + ".";
    }
    /* `url` asking the page it opens to mark the words of `q` (see placebook.js). */
    function withHighlight(url, q) {
      var words = String(q || "").match(WORD);
      if (!words) return url;
      var hash = url.indexOf("#"), base = hash < 0 ? url : url.slice(0, hash), tail = hash < 0 ? "" : url.slice(hash);
      return base + (base.indexOf("?") < 0 ? "?" : "&") + "highlight=" + encodeURIComponent(words.join(" ")) + tail;
    }
    /* The list items of results `from` to `from + PAGE` of `res`, once their metadata is in. */
    function items(res, from) {
      return engine.meta(res.filtered.slice(from, from + PAGE)).then(function (rows) {
        return rows.map(function (r) { return item(r, res); });
      });
    }
    /* One result: its title, collection and excerpt, then its best sections. */
    function item(r, res) {
      var li = document.createElement("li"), h = document.createElement("h2"), a = document.createElement("a");
      var marks = res.marks, cut = excerpts(r, res.groups, engine.key);
      li.className = "search-result";
      a.href = withHighlight(root + r.url, state.q);
      highlight(a, r.title, marks, engine.key);
      h.appendChild(a);
      li.appendChild(h);
      if (r.collection) {
        var c = document.createElement("p");
        c.className = "search-result__collection";
        c.textContent = r.collection;
        li.appendChild(c);
      }
      var p = document.createElement("p");
      p.className = "search-result__excerpt";
      highlight(p, cut.page, marks, engine.key);
      li.appendChild(p);
      if (cut.sections.length) li.appendChild(sectionList(r, cut.sections, marks));
      return li;
    }
    /* The list of a result's sections: each heading, linking to it, and its excerpt
       (none where it would repeat the page's). */
    function sectionList(r, sections, marks) {
      var ul = document.createElement("ul");
      ul.className = "search-result__sections";
      sections.forEach(function (x) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = withHighlight(root + r.url + "#" + encodeURIComponent(x.id), state.q);
        a.className = "search-result__section";
        highlight(a, x.title, marks, engine.key);
        li.appendChild(a);
        if (x.text) {
          var p = document.createElement("p");
          p.className = "search-result__excerpt";
          highlight(p, x.text, marks, engine.key);
          li.appendChild(p);
        }
        ul.appendChild(li);
      });
      return ul;
    }
    /* The next results, after those shown; the first of them takes focus. */
    function showMore() {
      var res = result;
      return items(res, shown).then(function (lis) {
        if (res !== result) return;
        lis.forEach(function (li) { list.appendChild(li); });
        shown += lis.length;
        more.hidden = shown >= result.filtered.length;
        if (lis[0]) lis[0].querySelector("a").focus();
      });
    }
    function drawFacets() {
      if (!facets || !result) return;
      facetBox.textContent = "";
      facets.forEach(function (f) {
        var base = filter(result.docs, facets, state.chosen, f.key), picked = state.chosen[f.key] || [];
        var counts = f.values.map(function (v) { var c = 0; base.forEach(function (d) { c += v.set[d]; }); return c; });
        if (!counts.some(Boolean) && !picked.length) return;
        var fs = document.createElement("fieldset"), lg = document.createElement("legend");
        lg.textContent = (f.key === "collection" && themeWords("search_filter_collection")) || f.title;
        fs.appendChild(lg);
        f.values.forEach(function (v, i) {
          var on = picked.indexOf(v.name) >= 0;
          if (!counts[i] && !on) return;
          var id = "facet-" + f.key + "-" + i, box = document.createElement("input"), label = document.createElement("label");
          var div = document.createElement("div");
          div.className = "search-facet";
          box.type = "checkbox"; box.id = id; box.checked = on;
          box.name = f.key; box.value = v.name;
          label.htmlFor = id;
          label.textContent = v.name + " (" + counts[i] + ")";
          div.appendChild(box); div.appendChild(label);
          fs.appendChild(div);
        });
        facetBox.appendChild(fs);
      });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      state.q = input.value;
      remember(true);
      search();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = input.value; remember(false); search(); }, 150);
    });
    more.addEventListener("click", showMore);
    details.addEventListener("toggle", function () {
      if (details.open && !facets) needFacets().then(drawFacets);
    });
    facetBox.addEventListener("change", function (e) {
      var t = e.target, vals = (state.chosen[t.name] || []).filter(function (v) { return v !== t.value; });
      if (t.checked) vals.push(t.value);
      if (vals.length) state.chosen[t.name] = vals; else delete state.chosen[t.name];
      remember(true);
      search().then(function () { var b = document.getElementById(t.id); if (b) b.focus(); });
    });
    window.addEventListener("popstate", function () { state = fromUrl(); input.value = state.q; search(); });

    state = fromUrl();
    input.value = state.q;
    if (chosenCount()) details.open = true;
    var done = search();
    return { engine: engine, done: function () { return done; }, state: function () { return state; } };
  }

  var api = { parse: parse, oneEdit: oneEdit, words: words, fold: fold, decode: decode, shardName: shardName, Engine: Engine, excerpts: excerpts };
  api.ui = ui();
  window.placebookSearch = api;
})();
