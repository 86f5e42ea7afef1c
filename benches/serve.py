#!/usr/bin/env python3
"""Benchmark of `placebook serve`: time from a file write to the live-reload message.

Generates the shared corpus (../shared/bench/gen_corpus.py) at N case studies, copies
it to a scratch folder, starts `placebook serve` on it, listens to the live-reload event
stream as a browser tab showing the edited case study does (`?page=`), and makes edits
one at a time, timing each from just before the write to the arrival of the message that
tells that tab to reload:

- body:     a sentence appended to a case study's body
- title:    a case study's title changed (its listings, blocks, terms and matrix change)
- template: a comment added to a site override of case-study.html (every case study)

Prints median, 95th percentile, min and max per kind, beside the full build time. An
edit that renders more than 50 pages renders the open page first, so the tab reloads
before the other pages are written. After each edit the benchmark waits for the
server's "indexed" message (the sitemap, feed and search index rewritten once no save is
waiting) and then for its "idle" message (every other page of the edit written) before the
next, and reports how long each took after the reload message.

    cargo build --release
    python3 benches/serve.py --n 10000 --edits 20

Also: 100 rapid edits in a row, then checks that the served page shows the last one.
"""
import argparse, json, os, queue, shutil, socket, statistics, subprocess, sys, threading, time
import http.client
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def percentile(values, p):
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def listen(conn, out):
    """Reads the event stream of `conn`, putting (arrival time, message) on `out`."""
    try:
        resp = conn.getresponse()
        while True:
            line = resp.readline()
            if not line:
                return
            if line.startswith(b"data: "):
                out.put((time.perf_counter(), json.loads(line[6:])))
    except (OSError, ValueError, AttributeError, http.client.HTTPException):
        # The connection was closed (the tab showed another page).
        return


class Browser:
    """One open page, as a browser tab with the live-reload script: it listens to the
    event stream naming its page, which the server renders first after an edit."""

    def __init__(self, host, port):
        self.host, self.port, self.conn, self.reader = host, port, None, None

    def open(self, page):
        """Shows `page` (`/case-studies/x/`); returns the queue of its messages."""
        if self.conn is not None:
            # Shutting the socket down ends the reader's read; closing the connection
            # while it reads would wait for the next message.
            try:
                self.conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.reader.join(5)
            self.conn.close()
        self.conn = http.client.HTTPConnection(self.host, self.port)
        self.conn.request("GET", "/__placebook/events?page=" + page)
        events = queue.Queue()
        self.reader = threading.Thread(target=listen, args=(self.conn, events), daemon=True)
        self.reader.start()
        wait_for(events, {"hello"})
        return events


def wait_for(events, kinds, timeout=120):
    deadline = time.perf_counter() + timeout
    while True:
        at, msg = events.get(timeout=max(0.01, deadline - time.perf_counter()))
        if msg["type"] == "errors":
            sys.exit("the edit broke the site:\n" + msg["text"])
        if msg["type"] in kinds:
            return at, msg


def drain(events, quiet=0.3):
    """Waits until no message has come for `quiet` seconds (extras written, etc.)."""
    while True:
        try:
            events.get(timeout=quiet)
        except queue.Empty:
            return


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20, help="edits of each kind")
    ap.add_argument("--work", default=str(REPO / "target" / "bench"))
    # Cargo's target folder: $CARGO_TARGET_DIR when set, as `cargo build --release` uses.
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    ap.add_argument("--placebook", default=str(target / "release" / "placebook"))
    ap.add_argument("--builds", type=int, default=3, help="full builds timed for comparison")
    args = ap.parse_args()
    exe = Path(args.placebook)
    if not exe.is_file():
        sys.exit(f"no placebook binary at {exe}: run `cargo build --release` first")

    work = Path(args.work)
    corpus = work / f"n{args.n}"
    # `--layout placebook` writes the site at the top of --out; `--layout all` writes it
    # in a placebook/ sub-folder. Either is accepted.
    source = next((c for c in (corpus, corpus / "placebook") if (c / "content").is_dir()), None)
    if source is None:
        subprocess.run([sys.executable, str(GEN), "--n", str(args.n), "--layout", "placebook",
                        "--out", str(corpus), "--force"], check=True)
        source = corpus
    site = work / f"serve-n{args.n}"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(source, site)
    templates = site / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    template_text = (REPO / "themes" / "default" / "templates" / "case-study.html").read_text()
    (templates / "case-study.html").write_text(template_text)

    builds = []
    for _ in range(args.builds):
        # From an empty folder: a build into its own previous output with nothing changed
        # does nothing at all.
        shutil.rmtree(work / "serve-build", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run([str(exe), "build", "-q", "--root", str(site), "--output", str(work / "serve-build")],
                       check=True)
        builds.append(time.perf_counter() - start)

    start = time.perf_counter()
    proc = subprocess.Popen([str(exe), "serve", "--port", "0", "--root", str(site)],
                            stdout=subprocess.PIPE, stderr=open(os.environ.get("PB_ERR", os.devnull), "a"), text=True)
    url = None
    for line in proc.stdout:
        if line.startswith("Serving "):
            url = line.split(" at ")[1].strip()
            break
    first_build = time.perf_counter() - start
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    browser = Browser(host, int(port))

    pages = sorted((site / "content" / "case-studies").glob("*.md"))
    results = {}
    background = {}
    settled = {}
    try:
        for kind in ["body", "title", "template"]:
            times = []
            for i in range(args.edits):
                page = pages[(i * 37) % len(pages)]
                # The author looks at the page they edit (the slug is the file name in
                # the corpus); for a template, at a case study it shapes.
                events = browser.open(f"/case-studies/{page.stem}/")
                if kind == "template":
                    path = templates / "case-study.html"
                    text = template_text.replace("{% block main %}", f"{{% block main %}}<!-- edit {i} -->", 1)
                else:
                    path = page
                    text = page.read_text()
                    if kind == "body":
                        text += f"\nA sentence added by edit {i}.\n"
                    else:
                        text = text.replace("title: \"", f"title: \"Edit {i}: ", 1)
                start = time.perf_counter()
                path.write_text(text)
                at, _ = wait_for(events, {"reload"})
                times.append((at - start) * 1000)
                # The sitemap, feed and search index are rewritten once edits pause, then
                # the edit's other pages; the next edit waits for both, as an author's
                # next save usually would.
                done, _ = wait_for(events, {"indexed"})
                background.setdefault(kind, []).append((done - at) * 1000)
                idle, _ = wait_for(events, {"idle"})
                settled.setdefault(kind, []).append((idle - at) * 1000)
                drain(events, 0.1)
            results[kind] = times
            print(f"{kind}: median {statistics.median(times):.1f} ms", file=sys.stderr, flush=True)

        # No lost change: 100 rapid edits, then the served page must show the last.
        page = pages[1]
        events = browser.open(f"/case-studies/{page.stem}/")
        base = page.read_text()
        for i in range(100):
            page.write_text(base + f"\nRapid edit {i}.\n")
        slug_dir = None
        deadline = time.time() + 60
        shown = ""
        while time.time() < deadline:
            drain(events, 0.5)
            # The page's address: the slug from the file name (the corpus uses plain names).
            slug_dir = f"case-studies/{page.stem}/"
            conn = http.client.HTTPConnection(host, int(port))
            conn.request("GET", "/" + slug_dir)
            shown = conn.getresponse().read().decode()
            if "Rapid edit 99." in shown:
                break
        rapid_ok = "Rapid edit 99." in shown and "Rapid edit 98." not in shown

        rss = "?"
        try:
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    rss = f"{int(line.split()[1]) / 1024:.0f} MiB"
        except OSError:
            pass
    finally:
        proc.terminate()
        proc.wait()

    print(f"\nplacebook serve, {args.n} case studies ({len(pages) + 9} content pages), "
          f"{args.edits} edits of each kind, {os.cpu_count()} cores")
    print(f"full build (placebook build, from an empty folder): median {statistics.median(builds):.2f} s over {len(builds)} runs")
    print(f"serve start (first build, then serving): {first_build:.2f} s; serve peak RSS {rss}")
    print(f"\n| edit | median | p95 | min | max |\n|---|---|---|---|---|")
    for kind, times in results.items():
        print(f"| {kind} | {statistics.median(times):.1f} ms | {percentile(times, 95):.1f} ms | "
              f"{min(times):.1f} ms | {max(times):.1f} ms |")
    print("\nThen, once no save is waiting, sitemap, feed and search index, and then the edit's other pages:")
    for kind, times in background.items():
        print(f"  after a {kind} edit: indexed {statistics.median(times):.0f} ms after the reload message (median), "
              f"every page written {statistics.median(settled[kind]):.0f} ms after it")
    print(f"\n100 rapid edits: the served page shows the last one: {'yes' if rapid_ok else 'NO'}")
    if not rapid_ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
