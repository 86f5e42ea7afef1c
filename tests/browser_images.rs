//! Content images in a real headless Chromium: the browser fetches the copy that fits
//! (at 390 px a 480-pixel WebP, at 1280 px a 960-pixel one), every image's box has its
//! final size before the image arrives (no layout shift), and axe-core finds nothing.

mod common;
use common::browser::*;
use common::images::*;
use common::*;
use headless_chrome::Tab;
use std::sync::Arc;
use std::time::Duration;

/// A case study with a lead photo, a photo in its text, a transparent PNG far below
/// (lazy) and a GIF, built with the default image settings.
fn built() -> Site {
    let site = empty_site();
    site.write("placebook.yaml", "title: Images\n");
    let c = "content/case-studies";
    site.write(&format!("{c}/street.jpg"), jpeg_with_exif(2000, 1500, 1));
    site.write(&format!("{c}/hall.jpg"), jpeg_with_exif(1800, 1200, 6));
    site.write(&format!("{c}/map.png"), png_with_transparency(1000, 700));
    site.write(&format!("{c}/wave.gif"), gif(300, 200));
    let words =
        "The pantry opened in 2019 and now feeds three hundred families a week. ".repeat(12);
    site.write(
        &format!("{c}/oldham.md"),
        format!("---\ntitle: Oldham pantry\nsummary: A pantry run by volunteers.\nplace: Oldham\nimage: street.jpg\nimage_alt: The high street outside the pantry\n---\n{words}\n\n![Volunteers in the hall](hall.jpg)\n\n{words}\n\n{words}\n\n![A map of the ward](map.png)\n\n{words}\n\n![A wave of hands](wave.gif)\n"),
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    site
}

/// A tab of `width` × 900 px showing `url` (the width set before the page loads, so
/// that the browser chooses its images for it).
fn tab_at(browser: &headless_chrome::Browser, url: &str, width: u32) -> Arc<Tab> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(30));
    set_viewport(&tab, width, 900);
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab
}

/// The file name of the copy the browser shows for the image that matches `selector`,
/// waiting until it has one.
fn shown(tab: &Tab, selector: &str) -> String {
    let js = format!(
        "new Promise(done => {{ const i = document.querySelector({selector:?}); const f = () => i.complete && i.currentSrc ? done(i.currentSrc.split('/').pop()) : setTimeout(f, 50); f(); }})"
    );
    eval(tab, &js).as_str().unwrap_or_default().to_owned()
}

/// For every image on the page, its box's height less the height its `width` and
/// `height` give at its shown width (0 when the box is right before it loads), the
/// images not yet loaded counted apart; and the page's layout shift so far.
fn boxes_and_shift(tab: &Tab) -> (Vec<f64>, usize, f64) {
    let js = r#"new Promise(done => {
      let shift = 0;
      new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) shift += e.value; })
        .observe({ type: 'layout-shift', buffered: true });
      const imgs = [...document.querySelectorAll('main img')];
      const off = imgs.map(i => { const r = i.getBoundingClientRect();
        return r.height - r.width * i.getAttribute('height') / i.getAttribute('width'); });
      const waiting = imgs.filter(i => !i.complete).length;
      setTimeout(() => done(JSON.stringify([off, waiting, shift])), 300);
    })"#;
    let v = eval(tab, js);
    serde_json::from_str(v.as_str().unwrap()).unwrap()
}

#[test]
fn the_browser_fetches_the_copy_that_fits_without_layout_shift_or_axe_violations() {
    let Some(browser) = browser() else { return };
    let Some(axe) = axe_source() else { return };
    let site = built();
    let url = file_url(&site.out().join("case-studies/oldham/index.html"));
    // 390 px first: a browser that has a larger copy cached may show that instead.
    for (width, lead, body) in [
        (390, "street.480w.webp", "hall.480w.webp"),
        (1280, "street.960w.webp", "hall.960w.webp"),
    ] {
        let tab = tab_at(&browser, &url, width);
        assert_eq!(
            shown(&tab, ".lead-image img"),
            lead,
            "lead image at {width} px"
        );
        let (off, waiting, shift) = boxes_and_shift(&tab);
        assert!(off.len() >= 4, "{off:?}");
        assert!(
            off.iter().all(|o| o.abs() < 1.0),
            "image boxes at {width} px: {off:?}"
        );
        assert!(shift < 0.01, "layout shift {shift} at {width} px");
        if width == 390 {
            assert!(
                waiting >= 1,
                "the images far below wait until they are scrolled near"
            );
        }
        tab.evaluate(
            "document.querySelector('main img[alt=\"Volunteers in the hall\"]').scrollIntoView()",
            false,
        )
        .unwrap();
        assert_eq!(
            shown(&tab, "main .prose img[alt='Volunteers in the hall']"),
            body,
            "at {width} px"
        );
        tab.evaluate("window.scrollTo(0, document.body.scrollHeight)", false)
            .unwrap();
        assert_eq!(shown(&tab, "main img[alt='A wave of hands']"), "wave.gif");
        let (_, _, shift) = boxes_and_shift(&tab);
        assert!(
            shift < 0.01,
            "layout shift {shift} at {width} px once every image loaded"
        );
        let violations = axe_violations(&tab, &axe);
        assert!(
            violations.is_empty(),
            "axe-core at {width} px: {violations:#?}"
        );
        let _ = tab.close(true);
    }
}
