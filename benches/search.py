#!/usr/bin/env python3
"""Search benchmark: placebook's own search against Pagefind, on the same pages.

On one built corpus (10,000 case studies by default) this measures, side by side:

- index size on disk and file count (placebook's `search/` against Pagefind's
  `pagefind/`, run over placebook's own output so the pages are the same);
- bytes a cold headless Chromium downloads for a one-word query plus the data of its
  first 10 results (a common and a rare word), served uncompressed by
  `python3 -m http.server`, and the number of requests;
- query time in the browser once the query's files are loaded (p95 of 50 runs);
- time to first results under Chromium's Slow 4G throttling (150 ms latency, 1.6 Mbps
  down): from a cold start, the engine's script not yet loaded, to the first 10
  results with their data, median of a few fresh browsers, with the requests made;
- relevance: for a sample of case-study titles, whether the page ranks first when its
  exact title is the query; for a sample of three-word runs from case-study bodies,
  quoted, whether the page they come from is in the first three results, and whether
  that result's excerpt (cut as the search page cuts it) shows the phrase; as the
  generated corpus repeats its sentences (a sampled phrase is in 134 pages, median),
  also (b) whether any page holding the phrase is in the first three, and (a) for
  phrases sampled to occur in exactly one case study, whether that page is;
- the build's wall time, user CPU and peak memory with search against without it,
  alternating runs: by default the same binary on a copy of the corpus with
  `search: false` in every page (nothing indexed, no search or A to Z page), or
  `--baseline`, another binary (say, one built from the commit before search) on the
  same corpus. Besides the medians it prints the median of the paired ratios (each run
  against the run beside it), steadier on a noisy machine.

    cargo build --release
    npm install --prefix /tmp/pf pagefind                     # Pagefind's binary
    python3 benches/search.py --runs 5 --words council sunbetka '"pooled budget"'
    python3 benches/search.py --runs 21 --cost-only           # the build's extra cost alone

Needs Chromium (Debian's `chromium`) and nothing else: the DevTools protocol is spoken
over a small built-in WebSocket client. See docs/performance.md ("Search").
"""
import argparse, base64, http.server, json, os, random, re, shutil, socket, socketserver
import statistics, struct, subprocess, sys, tempfile, threading, time, urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def measure(cmd):
    """Runs cmd; returns (wall seconds, peak RSS in MiB, user CPU seconds)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0, usage.ru_utime


def without_search_copy(corpus, dest):
    """A copy of the corpus with `search: false` in every page's front matter (made once)."""
    if dest.is_dir():
        return dest
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(corpus, tmp)
    for md in (tmp / "content").rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            md.write_text("---\nsearch: false\n" + text[4:], encoding="utf-8")
    tmp.rename(dest)
    return dest


def tree(path):
    """(files, bytes) under path."""
    files = size = 0
    for root, _, names in os.walk(path):
        for n in names:
            files += 1
            size += os.path.getsize(os.path.join(root, n))
    return files, size


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames, client masking."""

    def __init__(self, url):
        host, _, path = url[len("ws://"):].partition("/")
        h, _, p = host.partition(":")
        self.sock = socket.create_connection((h, int(p)))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(head.decode(errors="replace"))
        self.next_id = 0

    def _recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def send(self, text):
        data = text.encode()
        head = bytes([0x81])
        n = len(data)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        msg = b""
        while True:
            b0, b1 = self._recv_exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._recv_exact(8))[0]
            msg += self._recv_exact(n)
            if b0 & 0x80:
                return msg.decode()

    def call(self, method, **params):
        self.next_id += 1
        self.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            m = json.loads(self.recv())
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(m["error"])
                return m["result"]


class Chromium:
    """A headless Chromium with a fresh profile (so every page load is cold)."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="pb-chromium-")
        port = free_port()
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             f"--user-data-dir={self.profile}", f"--remote-debugging-port={port}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as r:
                    pages = [t for t in json.load(r) if t["type"] == "page"]
                    if pages:
                        self.ws = WebSocket(pages[0]["webSocketDebuggerUrl"])
                        break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("Chromium did not start")
        self.ws.call("Network.enable")
        self.ws.call("Network.setCacheDisabled", cacheDisabled=True)
        self.ws.call("Page.enable")

    def goto(self, url):
        self.ws.call("Page.navigate", url=url)
        for _ in range(200):
            if self.eval("document.readyState") == "complete":
                return
            time.sleep(0.05)

    def eval(self, js):
        r = self.ws.call("Runtime.evaluate", expression=js, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

    def close(self):
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


REQUESTED = []  # paths the server was asked for, in order


class Quiet(http.server.SimpleHTTPRequestHandler):
    # Keep-alive, as any web server does (HTTP/1.0 would open a connection per file).
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        REQUESTED.append(self.path.split("?")[0])
        super().do_GET()


def serve(folder):
    """`python3 -m http.server` on folder (with keep-alive), in a thread; returns (server, base URL)."""
    handler = lambda *a, **k: Quiet(*a, directory=str(folder), **k)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


HARNESS = """<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title>
<script>PLACEHOLDER</script>"""

# Each returns {results, p95, first} for one word: the query, then the
# data of its first 10 results, then 50 timed repeats of the query alone.
OURS = """
window.bench = async (q, runs) => {
  const t0 = performance.now();
  // As the search page does: the manifest is preloaded beside search.js.
  const pre = document.createElement('link'); pre.rel = 'preload'; pre.as = 'script'; pre.href = '/search/data/MANIFEST.js'; document.head.appendChild(pre);
  await new Promise((ok, fail) => { const s = document.createElement('script'); s.src = '/assets/search.js'; s.onload = ok; s.onerror = fail; document.head.appendChild(s); });
  const e = new placebookSearch.Engine('/search/data/', 'MANIFEST');
  const r = await e.search(q);
  const m = await e.meta(r.docs.slice(0, 10));
  const shown = performance.now() - t0;
  const t = [];
  for (let i = 0; i < runs; i++) { const t0 = performance.now(); await e.search(q); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  return { results: r.docs.length, p95: t.length ? t[Math.ceil(t.length * 0.95) - 1] : null, first: m.length ? m[0].title : null, shown: shown };
};
window.topTitles = async (q, k) => { const e = window.__e || (window.__e = new placebookSearch.Engine('/search/data/', 'MANIFEST'));
  const r = await e.search(q); const m = await e.meta(r.docs.slice(0, k)); return m.map(x => x.title); };
window.topExcerpts = async (q, k) => { const e = window.__e || (window.__e = new placebookSearch.Engine('/search/data/', 'MANIFEST'));
  const r = await e.search(q); const m = await e.meta(r.docs.slice(0, k));
  return m.map(x => [x.title, placebookSearch.excerpts(x, r.groups, e.key).page]); };
window.topTexts = async (q, k) => { const e = window.__e || (window.__e = new placebookSearch.Engine('/search/data/', 'MANIFEST'));
  const r = await e.search(q); const m = await e.meta(r.docs.slice(0, k)); return m.map(x => [x.title, x.text]); };
window.firstTitle = async (q) => { const e = window.__e || (window.__e = new placebookSearch.Engine('/search/data/', 'MANIFEST'));
  const r = await e.search(q); const m = await e.meta(r.docs.slice(0, 1)); return m.length ? m[0].title : null; };
"""
PAGEFIND = """
window.bench = async (q, runs) => {
  const t0 = performance.now();
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const s = await pf.search(q);
  const data = await Promise.all(s.results.slice(0, 10).map(r => r.data()));
  const shown = performance.now() - t0;
  const t = [];
  for (let i = 0; i < runs; i++) { const t0 = performance.now(); await pf.search(q + (i % 2 ? ' ' : '')); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  return { results: s.results.length, p95: t.length ? t[Math.ceil(t.length * 0.95) - 1] : null, first: data.length ? data[0].meta.title : null, shown: shown };
};
"""


def browser_figures(site, base, harness, words, runs):
    """Per word: the harness's figures, plus the requests and bytes the server sent for
    the engine's files (cold: a fresh profile and the cache off) before the timed runs."""
    out = {}
    for word in words:
        chrome = Chromium()
        try:
            chrome.goto(base + f"__bench/{harness}.html")
            REQUESTED.clear()
            r = chrome.eval(f"bench({json.dumps(word)}, 0)")
            paths = [p for p in REQUESTED if not p.startswith(("/__bench/", "/favicon.ico"))]
            r["requests"] = len(paths)
            r["bytes"] = sum((site / p.lstrip("/")).stat().st_size for p in paths if (site / p.lstrip("/")).is_file())
            r["p95"] = chrome.eval(f"bench({json.dumps(word)}, {runs})")["p95"]
            out[word] = r
        finally:
            chrome.close()
    return out


# Chrome DevTools' "Slow 4G" preset: 150 ms latency, 1.6 Mbps down, 750 kbps up.
SLOW_4G = dict(offline=False, latency=150, downloadThroughput=1.6e6 / 8, uploadThroughput=750e3 / 8)


def slow_4g_figures(base, harness, words, runs):
    """Per word: the median time (ms) from a cold start (the engine's script not yet
    loaded, a fresh profile, the cache off) to the query's first 10 results with their
    data, under Slow 4G throttling, over `runs` fresh browsers; and the requests."""
    out = {}
    for word in words:
        times, requests = [], []
        for _ in range(runs):
            chrome = Chromium()
            try:
                chrome.goto(base + f"__bench/{harness}.html")
                chrome.ws.call("Network.emulateNetworkConditions", **SLOW_4G)
                REQUESTED.clear()
                times.append(chrome.eval(f"bench({json.dumps(word)}, 0)")["shown"])
                requests.append(len([p for p in REQUESTED if not p.startswith(("/__bench/", "/favicon.ico"))]))
            finally:
                chrome.close()
        out[word] = {"ms": statistics.median(times), "runs": times, "requests": statistics.median(requests)}
    return out


def title_relevance(base, titles):
    chrome = Chromium()
    try:
        chrome.goto(base + "__bench/ours.html")
        chrome.eval("new Promise(ok => { const s = document.createElement('script'); s.src = '/assets/search.js'; s.onload = ok; document.head.appendChild(s); })")
        misses = []
        for t in titles:
            got = chrome.eval(f"firstTitle({json.dumps(t)})")
            if got != t:
                misses.append((t, got))
        return misses
    finally:
        chrome.close()


def sample_phrases(cases, rng, n):
    """n (page title, phrase) pairs: a run of three words (of two letters or more, within
    one sentence of the body, markdown links and marks left out) from n sampled pages."""
    out = []
    for f in rng.sample(cases, len(cases)):
        if len(out) >= n:
            break
        head, _, body = f.read_text().partition("\n---\n")
        title = next((l[6:].strip() for l in head.splitlines() if l.startswith("title:")), None)
        if not title:
            continue
        title = json.loads(title) if title.startswith('"') else title
        body = re.sub(r"\]\([^)]*\)|^#+ .*$", " ", body, flags=re.M)
        sentences = [s for s in re.split(r"[.!?:;\n]", body) if len(re.findall(r"\w{2,}", s)) >= 3]
        if not sentences:
            continue
        words = re.findall(r"[^\W_]{2,}", rng.choice(sentences))
        if len(words) < 3:
            continue
        i = rng.randrange(len(words) - 2)
        out.append((title, " ".join(words[i:i + 3])))
    return out


def unique_phrases(cases, texts, rng, n):
    """n (page title, phrase) pairs as `sample_phrases` takes them, but only phrases
    found in exactly one case study's body (words as `words_of` splits them): the page
    they come from is then the only right answer."""
    out = []
    for i in rng.sample(range(len(cases)), len(cases)):
        if len(out) >= n:
            break
        for _ in range(5):
            picked = sample_phrases([cases[i]], rng, 1)
            if not picked:
                break
            needle = words_of(picked[0][1])
            if sum(1 for t in texts if needle in t) == 1:
                out.append(picked[0])
                break
    return out


def phrase_holders_first(base, phrases):
    """Of quoted phrases, how many have a page whose text holds the phrase's words side
    by side among the first three results (any such page, not only the one sampled)."""
    chrome = Chromium()
    try:
        chrome.goto(base + "__bench/ours.html")
        chrome.eval("new Promise(ok => { const s = document.createElement('script'); s.src = '/assets/search.js'; s.onload = ok; document.head.appendChild(s); })")
        hits = 0
        for _, phrase in phrases:
            got = chrome.eval(f"topTexts({json.dumps(chr(34) + phrase + chr(34))}, 3)")
            hits += any(words_of(phrase) in words_of(text) for _, text in got)
        return hits
    finally:
        chrome.close()


def words_of(text):
    """Lower-cased words of two letters or more, space-separated with a space each side."""
    return " " + " ".join(re.findall(r"[^\W_]{2,}", text.lower())) + " "


def phrase_relevance(base, phrases):
    """The quoted phrases whose page is not among the first three results, as (phrase,
    title, titles); and the number of those found whose excerpt (cut as the search page
    cuts it) holds the phrase's words side by side."""
    chrome = Chromium()
    try:
        chrome.goto(base + "__bench/ours.html")
        chrome.eval("new Promise(ok => { const s = document.createElement('script'); s.src = '/assets/search.js'; s.onload = ok; document.head.appendChild(s); })")
        misses, in_excerpt = [], 0
        for title, phrase in phrases:
            got = chrome.eval(f"topExcerpts({json.dumps(chr(34) + phrase + chr(34))}, 3)")
            titles = [t for t, _ in got]
            if title not in titles:
                misses.append((phrase, title, titles))
            elif words_of(phrase) in words_of(got[titles.index(title)][1]):
                in_excerpt += 1
        return misses, in_excerpt
    finally:
        chrome.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000, help="case studies in the corpus")
    ap.add_argument("--corpus", help="a placebook corpus folder (default: generate into target/bench)")
    ap.add_argument("--placebook", default=str(REPO / "target" / "release" / "placebook"))
    ap.add_argument("--baseline", help="a placebook binary without search, for the build's cost")
    ap.add_argument("--pagefind", default="/tmp/pf/node_modules/.bin/pagefind")
    ap.add_argument("--runs", type=int, default=3, help="timed builds per binary (after one warm-up; at least 1)")
    ap.add_argument("--words", nargs="+", default=["council", "sunbetka"])
    ap.add_argument("--titles", type=int, default=100, help="titles sampled for the relevance check")
    ap.add_argument("--phrases", type=int, default=50, help="body phrases sampled for the phrase check")
    ap.add_argument("--work", default=str(REPO / "target" / "bench-search"))
    ap.add_argument("--cost-only", action="store_true", help="measure the build's extra cost, then stop")
    ap.add_argument("--slow-runs", type=int, default=3, help="cold browsers per word and engine under Slow 4G (0: skip)")
    args = ap.parse_args()
    args.runs = max(1, args.runs)

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    corpus = Path(args.corpus) if args.corpus else work / f"n{args.n}" / "placebook"
    if not corpus.is_dir():
        subprocess.run([sys.executable, str(GEN), "--n", str(args.n), "--layout", "placebook",
                        "--out", str(work / f"n{args.n}")], check=True)
    out = work / "out"

    print(f"corpus: {corpus}")
    # Build cost: alternate with and without search, one warm-up each.
    if args.baseline:
        without = (args.baseline, corpus)
    else:
        without = (args.placebook, without_search_copy(corpus, work / "nosearch"))
    builds = {"with search": (args.placebook, corpus), "without search": without}
    samples = {k: [] for k in builds}
    for i in range(args.runs + 1):
        for name, (binary, root) in builds.items():
            target = work / f"out-{name.replace(' ', '-')}"
            shutil.rmtree(target, ignore_errors=True)
            wall, rss, user = measure([binary, "build", "--root", str(root), "--output", str(target), "--quiet"])
            if i:
                samples[name].append((wall, rss, user))
    med = lambda name, k: statistics.median(x[k] for x in samples[name])
    for name, s in samples.items():
        print(f"build {name}: wall median {med(name, 0):.3f} s "
              f"(min {min(x[0] for x in s):.3f}, max {max(x[0] for x in s):.3f}), "
              f"peak RSS median {med(name, 1):.0f} MiB, user CPU median {med(name, 2):.3f} s, runs {len(s)}")
    pct = lambda k: 100 * (med("with search", k) / med("without search", k) - 1)
    print(f"search adds {pct(0):+.1f}% wall, {pct(1):+.1f}% peak RSS, {pct(2):+.1f}% user CPU (ratio of medians)")
    for k, what in ((0, "wall"), (2, "user CPU")):
        r = sorted(a[k] / b[k] for a, b in zip(samples["with search"], samples["without search"]))
        q = lambda f: 100 * (r[min(len(r) - 1, int(f * len(r)))] - 1)
        print(f"search adds {100 * (statistics.median(r) - 1):+.1f}% {what} "
              f"(median of {len(r)} paired ratios; quartiles {q(0.25):+.1f}% to {q(0.75):+.1f}%)")
    if args.cost_only:
        return

    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(work / "out-with-search", out)
    files, size = tree(out / "search")
    page = (out / "search" / "index.html").stat().st_size
    print(f"placebook index: {size - page:,} bytes in {files - 1} files (search/, without its page)")
    if Path(args.pagefind).exists():
        wall, rss, _ = measure([args.pagefind, "--site", str(out), "--quiet"])
        pf_files, pf_size = tree(out / "pagefind")
        print(f"pagefind index: {pf_size:,} bytes in {pf_files} files; indexing {wall:.2f} s, {rss:.0f} MiB")
    else:
        print(f"no Pagefind at {args.pagefind}: `npm install --prefix /tmp/pf pagefind`")

    (out / "__bench").mkdir()
    # The manifest's name follows its content: the search page names it.
    manifest = re.search(r'data-manifest="([^"]+)"', (out / "search" / "index.html").read_text()).group(1)
    (out / "__bench" / "ours.html").write_text(HARNESS.replace("PLACEHOLDER", OURS.replace("MANIFEST", manifest)))
    (out / "__bench" / "pagefind.html").write_text(HARNESS.replace("PLACEHOLDER", PAGEFIND))
    server, base = serve(out)
    try:
        engines = [("placebook", "ours")]
        if (out / "pagefind").is_dir():
            engines.append(("pagefind", "pagefind"))
        print("\n| engine | word | results | requests | bytes | query p95 (ms) | first result |")
        print("|---|---|---|---|---|---|---|")
        for name, harness in engines:
            for word, r in browser_figures(out, base, harness, args.words, 50).items():
                print(f"| {name} | {word} | {r['results']} | {r['requests']} | {r['bytes']:,} | "
                      f"{r['p95']:.1f} | {r['first']} |")
        if args.slow_runs:
            print(f"\n| engine | word | Slow 4G: time to first 10 results (median of {args.slow_runs} cold browsers) | runs | requests |")
            print("|---|---|---|---|---|")
            for name, harness in engines:
                for word, r in slow_4g_figures(base, harness, args.words, args.slow_runs).items():
                    runs = ", ".join(f"{t:.0f}" for t in r["runs"])
                    print(f"| {name} | {word} | {r['ms']:.0f} ms | {runs} | {r['requests']:.0f} |")
        rng = random.Random(5)
        cases = sorted((corpus / "content" / "case-studies").glob("*.md"))
        sample = rng.sample(cases, min(args.titles, len(cases)))
        titles = []
        for f in sample:
            for line in f.read_text().splitlines()[1:]:
                if line.startswith("title:"):
                    titles.append(json.loads(line[6:].strip()) if line[6:].strip().startswith('"') else line[6:].strip())
                    break
        misses = title_relevance(base, titles)
        print(f"\nexact title ranks its page first: {len(titles) - len(misses)} of {len(titles)}")
        for t, got in misses[:10]:
            print(f"  miss: {t!r} -> first {got!r}")
        phrases = sample_phrases(cases, random.Random(7), args.phrases)
        if not phrases:
            return
        misses, in_excerpt = phrase_relevance(base, phrases)
        print(f"quoted three-word phrase from a page's body has the page in the first three: "
              f"{len(phrases) - len(misses)} of {len(phrases)}; of those, the excerpt shows the "
              f"phrase's words side by side in {in_excerpt}")
        # How many pages hold each phrase (words as the index splits them): a phrase in
        # more than three pages cannot always put its own page in the first three.
        texts = [" ".join(re.findall(r"[^\W_]{2,}", f.read_text().lower())) for f in cases]
        holders = {p: sum(1 for t in texts if f" {p.lower()} " in f" {t} ") for _, p in phrases}
        rare = [(t, p) for t, p in phrases if holders[p] <= 3]
        rare_hits = sum(1 for t, p in rare if all(m[0] != p for m in misses))
        print(f"  pages holding each phrase: median {statistics.median(holders.values()):.0f}; "
              f"of the {len(rare)} phrases in at most three pages, {rare_hits} have their page in the first three")
        for phrase, t, got in misses[:10]:
            print(f"  miss: \"{phrase}\" ({t!r}, in {holders[phrase]} pages) -> {got!r}")
        # Two readings of the relevance target that the corpus's repeated sentences do
        # not defeat: (b) the same phrases, any page holding the phrase in the first
        # three; (a) phrases sampled to be in one page only, that page in the first three.
        held = phrase_holders_first(base, phrases)
        print(f"(b) the same {len(phrases)} phrases: a page holding the phrase in the first three: "
              f"{held} of {len(phrases)}")
        spaced = [words_of(" ".join(re.findall(r"[^\W_]{2,}", f.read_text()))) for f in cases]
        unique = unique_phrases(cases, spaced, random.Random(11), args.phrases)
        misses, in_excerpt = phrase_relevance(base, unique)
        print(f"(a) {len(unique)} phrases each in exactly one case study: its page in the first three: "
              f"{len(unique) - len(misses)} of {len(unique)}; of those, the excerpt shows the phrase "
              f"in {in_excerpt}")
        for phrase, t, got in misses[:10]:
            print(f"  miss: \"{phrase}\" ({t!r}) -> {got!r}")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
