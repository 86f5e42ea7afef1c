#!/usr/bin/env python3
"""Image benchmark: a playbook of N case studies, each showing one generated photo.

Generates the photos (Pillow: noisy gradients, which compress like photographs, with
EXIF GPS and, for one in five, an orientation that turns them), then measures with the
placebook binary given:

1. a first build, the image cache empty (every photo decoded, turned, resized, encoded);
2. a build after a page's text changed (every photo found in the cache: nothing to
   process, but the whole site is loaded, rendered and checked against its output);
3. a build into a new output folder with the cache warm;
4. a build with nothing changed at all (placebook's up-to-date check);

each with its wall time and peak resident memory (from wait4), and checks that no
published file holds the photos' GPS tag.

    cargo build --release
    python3 benches/images.py --n 200 --size 3000x2000

Needs Pillow (`apt-get install python3-pil` or `pip install pillow`).
"""
import argparse, os, random, shutil, subprocess, sys, tempfile, time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def photos(content: Path, n: int, size: tuple, seed: int) -> int:
    """Writes n JPEG photos with EXIF (GPS, owner; one in five turned) and their pages."""
    from PIL import Image
    rnd = random.Random(seed)
    w, h = size
    total = 0
    base = Image.linear_gradient("L").resize((w, h))
    for i in range(n):
        noise = Image.effect_noise((w, h), 40 + i % 30)
        r = Image.blend(base, noise, 0.5)
        g = base.rotate(90 * (i % 4), expand=False).resize((w, h))
        b = Image.effect_noise((w, h), 20)
        img = Image.merge("RGB", (r, g, b))
        exif = Image.Exif()
        exif[0x0112] = 6 if i % 5 == 0 else 1
        exif[0x013B] = f"Owner {i}"
        exif[0x8825] = {1: "N", 2: (53.0, 32.0, float(rnd.randint(0, 59))), 3: "W", 4: (2.0, 7.0, 1.0)}
        path = content / f"photo-{i:03}.jpg"
        img.save(path, quality=88, exif=exif)
        total += path.stat().st_size
        (content / f"place-{i:03}.md").write_text(
            f"---\ntitle: Place {i}\nsummary: A place with a photo.\nplace: Town {i}\n"
            f"image: photo-{i:03}.jpg\nimage_alt: The high street of town {i}\n---\n"
            f"Some words about town {i}.\n\n![Volunteers in town {i}](photo-{i:03}.jpg)\n"
        )
    return total


def run(binary: str, root: Path, out: Path) -> tuple:
    """One build: wall seconds, peak RSS in MiB, exit status."""
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "build", "--root", str(root), "--output", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    if status != 0:
        sys.exit(f"build failed:\n{err}")
    return wall, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--size", default="3000x2000")
    ap.add_argument("--binary", default=str(REPO / "target/release/placebook"))
    ap.add_argument("--dir", help="where to put the site (default: a temporary folder)")
    ap.add_argument("--reuse", action="store_true",
                    help="with --dir: keep the photos made by an earlier run (its output and image cache are removed)")
    a = ap.parse_args()
    size = tuple(int(x) for x in a.size.split("x"))
    tmp = Path(a.dir) if a.dir else Path(tempfile.mkdtemp(prefix="pb-images-"))
    root = tmp / "site"
    content = root / "content" / "case-studies"
    if a.reuse and a.dir and content.is_dir():
        for folder in ("public", "public2", ".placebook-cache"):
            shutil.rmtree(root / folder, ignore_errors=True)
        page = content / "place-000.md"
        page.write_text(page.read_text().replace("Other words", "Some words"))
        total = sum(p.stat().st_size for p in content.glob("*.jpg"))
        print(f"{a.n} photos of {size[0]} x {size[1]}, {total / 2**20:.0f} MiB, from an earlier run")
    else:
        shutil.rmtree(root, ignore_errors=True)
        content.mkdir(parents=True)
        (root / "placebook.yaml").write_text("title: Photos\nbase_url: https://example.org/\n")
        t = time.perf_counter()
        total = photos(content, a.n, size, 1)
        print(f"{a.n} photos of {size[0]} x {size[1]}, {total / 2**20:.0f} MiB, made in {time.perf_counter() - t:.0f} s")
    out = root / "public"
    rows = []
    rows.append(("first build, empty cache", *run(a.binary, root, out)))
    page = content / "place-000.md"
    page.write_text(page.read_text().replace("Some words", "Other words"))
    rows.append(("text edit, every image cached", *run(a.binary, root, out)))
    rows.append(("new output folder, cache warm", *run(a.binary, root, root / "public2")))
    rows.append(("nothing changed", *run(a.binary, root, out)))
    first = rows[0][1]
    print(f"\n| build | wall (s) | of the first | peak RSS (MiB) |\n|---|---|---|---|")
    for name, wall, rss in rows:
        print(f"| {name} | {wall:.2f} | {100 * wall / first:.1f}% | {rss:.0f} |")
    leaks = [p for p in out.rglob("*") if p.is_file() and p.suffix in (".jpg", ".webp")
             and (b"Exif\0\0" in p.read_bytes())]
    files = sum(1 for p in out.rglob("*") if p.suffix in (".jpg", ".webp"))
    print(f"\n{files} image files published; {len(leaks)} hold EXIF")
    if not a.dir:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
