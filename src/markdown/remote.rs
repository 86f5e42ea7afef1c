//! Things a page loads from other sites each time it is opened: an image hot-linked from
//! where it was found (`![](https://…/map.png)`) or another site's page embedded in this
//! one (`<iframe src="https://www.youtube.com/embed/…">`). A playbook is read offline
//! (a USB stick at a workshop) and on intranets, and its readers are the public: such a
//! page shows gaps without internet, and the other site learns who reads it (a video
//! site can set cookies too). Each is a warning where it is written.

/// The host of `dest` when it is an address on the web (`https://host/…`, `//host/…`).
pub fn web_host(dest: &str) -> Option<&str> {
    let lower_scheme = dest.get(..8).map(str::to_ascii_lowercase);
    let rest = if lower_scheme.as_deref() == Some("https://") {
        &dest[8..]
    } else if dest.get(..7).map(str::to_ascii_lowercase).as_deref() == Some("http://") {
        &dest[7..]
    } else {
        dest.strip_prefix("//")?
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit('@').next().unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

/// The message and help when `dest`, the target of a `kind`, is an image on another
/// site.
pub fn image_problem(dest: &str, kind: super::LinkKind) -> Option<(String, String)> {
    let host = web_host(dest).filter(|_| kind == super::LinkKind::Image)?;
    Some(image_message(dest, host))
}

/// The message and help for an image at `dest`, loaded from another site.
fn image_message(dest: &str, host: &str) -> (String, String) {
    let name = file_name_of(dest).unwrap_or("picture.png");
    (
        format!(
            "this image is loaded from {host} each time the page is opened: readers without internet (offline, or on an intranet) see no picture, that site learns who reads the page, and the picture goes if it is moved there"
        ),
        format!(
            "save the image beside this page's file and write its name here (e.g. `![what it shows]({name})`): placebook then publishes it with the site, in sizes for phones"
        ),
    )
}

/// The message and help for another site's page at `src` embedded with `element`
/// (`iframe`, `embed`, `object`); `titled` says whether the element has a `title`.
pub fn embed_message(element: &str, src: &str, host: &str, titled: bool) -> (String, String) {
    let message = format!(
        "this `<{element}>` shows a page from {host} inside this one: readers without internet (offline, or on an intranet) see an empty box, and that site can set cookies and learn who reads the page, which readers may have to agree to first"
    );
    let mut help = match youtube(src) {
        Some((watch, embed)) => format!(
            "link to the video instead, with words that say what it shows: `[Watch the video on YouTube]({watch})`; if it must be embedded, use YouTube's privacy-enhanced address, `{embed}`"
        ),
        None => format!(
            "link to the page instead, with words that say what it holds: `[what it is]({src})`"
        ),
    };
    if !titled && element == "iframe" {
        help.push_str(
            "; an embedded page also needs a `title` that says what it is, for screen readers",
        );
    }
    (message, help)
}

/// For a YouTube address (`/embed/ID`, `watch?v=ID`, `youtu.be/ID`, or a playlist's
/// `/embed/videoseries?list=ID`): the address to watch it at, and its privacy-enhanced
/// embed address.
fn youtube(src: &str) -> Option<(String, String)> {
    let host = web_host(src)?;
    let path = src.split_once(host)?.1;
    let host = host.to_ascii_lowercase();
    let id = if host.ends_with("youtube.com") || host.ends_with("youtube-nocookie.com") {
        path.strip_prefix("/embed/")
            .or_else(|| path.split_once("v=").map(|(_, v)| v))?
    } else if host == "youtu.be" {
        path.strip_prefix('/')?
    } else {
        return None;
    };
    let id = plain_id(id)?;
    if id != "videoseries" {
        return Some((
            format!("https://www.youtube.com/watch?v={id}"),
            format!("https://www.youtube-nocookie.com/embed/{id}"),
        ));
    }
    let list = plain_id(path.split_once("list=")?.1)?;
    Some((
        format!("https://www.youtube.com/playlist?list={list}"),
        format!("https://www.youtube-nocookie.com/embed/videoseries?list={list}"),
    ))
}

/// The id at the start of `text`, up to the end of its address part, when it is plain
/// (letters, digits, `-` and `_`).
fn plain_id(text: &str) -> Option<&str> {
    let id = text.split(['?', '&', '#', '/']).next()?;
    let plain = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c));
    plain.then_some(id)
}

/// The file name at the end of an image address, when it looks like one (`map.png`).
fn file_name_of(dest: &str) -> Option<&str> {
    let path = dest.split(['?', '#']).next()?;
    let name = path.rsplit('/').next()?;
    let (stem, ext) = name.rsplit_once('.')?;
    let image = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif"]
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e));
    let plain = !stem.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    (image && plain).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_hosts_are_found_only_in_web_addresses() {
        assert_eq!(
            web_host("https://user-images.example.com/a/b.png"),
            Some("user-images.example.com")
        );
        assert_eq!(web_host("HTTP://Example.org"), Some("Example.org"));
        assert_eq!(
            web_host("//cdn.example.net/x.png?y"),
            Some("cdn.example.net")
        );
        assert_eq!(web_host("https://me@host.example/x"), Some("host.example"));
        for local in [
            "map.png",
            "/images/map.png",
            "../x.png",
            "mailto:a@b.c",
            "data:image/png;base64,AAAA",
            "https://",
            "é",
        ] {
            assert_eq!(web_host(local), None, "{local}");
        }
    }

    proptest::proptest! {
        #[test]
        fn only_web_addresses_have_a_host(
            scheme in "(https?:|HTTPS?:|//|ftp:|mailto:|)",
            slashes in "(//|/|)",
            host in "[a-z0-9.-]{0,12}",
            rest in "[/?#a-z0-9.]{0,12}",
        ) {
            let dest = format!("{scheme}{slashes}{host}{rest}");
            let lower = dest.to_ascii_lowercase();
            let web = lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//");
            match web_host(&dest) {
                Some(h) => {
                    proptest::prop_assert!(web, "{dest}");
                    proptest::prop_assert!(!h.is_empty() && !h.contains(['/', '?', '#']));
                    proptest::prop_assert!(dest.contains(h));
                }
                None => {
                    let after = lower
                        .strip_prefix("https://")
                        .or_else(|| lower.strip_prefix("http://"))
                        .or_else(|| lower.strip_prefix("//"));
                    let hostless = after.is_none_or(|a| a.split(['/', '?', '#']).next().is_none_or(|h| h.rsplit('@').next().is_none_or(str::is_empty)));
                    proptest::prop_assert!(hostless, "{dest}");
                }
            }
        }
    }

    #[test]
    fn youtube_addresses_give_their_video_or_playlist() {
        let video = (
            "https://www.youtube.com/watch?v=iIe74boCjII".to_owned(),
            "https://www.youtube-nocookie.com/embed/iIe74boCjII".to_owned(),
        );
        for src in [
            "https://www.youtube.com/embed/iIe74boCjII",
            "https://www.youtube.com/embed/iIe74boCjII?si=x&start=3",
            "https://youtube.com/watch?v=iIe74boCjII&t=1",
            "https://youtu.be/iIe74boCjII",
            "https://www.youtube-nocookie.com/embed/iIe74boCjII",
        ] {
            assert_eq!(youtube(src), Some(video.clone()), "{src}");
        }
        assert_eq!(
            youtube("https://www.youtube.com/embed/videoseries?si=a&list=PL8yH-a_b"),
            Some((
                "https://www.youtube.com/playlist?list=PL8yH-a_b".to_owned(),
                "https://www.youtube-nocookie.com/embed/videoseries?list=PL8yH-a_b".to_owned()
            ))
        );
        assert_eq!(youtube("https://www.youtube.com/embed/videoseries"), None);
        assert_eq!(youtube("https://vimeo.com/123"), None);
        assert_eq!(youtube("https://www.youtube.com/embed/<x>"), None);
    }

    #[test]
    fn the_help_names_the_image_s_file_when_it_has_a_plain_one() {
        assert!(
            image_message("https://x.example/a/map-2.PNG?raw=1", "x.example")
                .1
                .contains("(map-2.PNG)")
        );
        assert!(
            image_message("https://x.example/a/render?id=3", "x.example")
                .1
                .contains("(picture.png)")
        );
    }

    #[test]
    fn an_untitled_iframe_is_also_told_to_have_a_title() {
        let (_, help) = embed_message("iframe", "https://maps.example/x", "maps.example", false);
        assert!(
            help.contains("`[what it is](https://maps.example/x)`"),
            "{help}"
        );
        assert!(help.contains("needs a `title`"), "{help}");
        let (_, help) = embed_message("iframe", "https://youtu.be/abc", "youtu.be", true);
        assert!(help.contains("youtube-nocookie.com/embed/abc"), "{help}");
        assert!(!help.contains("title`"), "{help}");
    }
}
