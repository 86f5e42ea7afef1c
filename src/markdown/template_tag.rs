//! Template tags of other site generators left in a page's text: Jekyll's Liquid
//! (`{{ "/about/" | relative_url }}`, `{% include note.html %}`), Hugo's shortcodes
//! (`{{< ref "about.md" >}}`) and ERB (`<%= warning_text("…") %>`, as pages of GOV.UK's
//! Tech Docs Template and other Middleman sites have them). placebook runs no template
//! in a page, so a reader would see such a tag as it is written.

use std::ops::Range;

/// How far past its opening a tag may close: tags are short, and a lone `{{` in prose
/// must not make the rest of the page one tag.
const LONGEST_TAG: usize = 400;

/// One template tag in a text: where it is, and the address it names, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateTag {
    /// Its bytes in the text searched, from `{{`, `{%` or `<%` to the closing `}}`,
    /// `%}` or `%>`.
    pub range: Range<usize>,
    /// The first quoted value inside it that looks like an address or a file
    /// (`/our-style/voice-and-tone`, `about.md`): what the author meant to link to.
    pub address: Option<String>,
}

/// The template tag that opens at `start` in `text`, if one does: `{{ … }}`,
/// `{% … %}` (Hugo's `{{< … >}}` and `{{% … %}}` close the same way) or `<% … %>`, closed within
/// [`LONGEST_TAG`] bytes and before a blank line.
pub fn tag_at(text: &str, start: usize) -> Option<TemplateTag> {
    let mut closers = Closers::default();
    closers.tag_at(text, start)
}

/// Every template tag that opens in `text[within]`, in order, none inside another.
pub fn tags_in(text: &str, within: Range<usize>) -> Vec<TemplateTag> {
    let mut found: Vec<TemplateTag> = Vec::new();
    let Some(searched) = text.get(within.clone()) else {
        return found;
    };
    let mut closers = Closers::default();
    for (i, _) in searched.match_indices(['{', '<']) {
        let start = within.start + i;
        if found.last().is_some_and(|t| start < t.range.end) {
            continue;
        }
        found.extend(closers.tag_at(text, start));
    }
    found
}

/// The next `}}`, `%}` and `%>` at or after the place last asked about, within reach of
/// a tag opened there, remembered, so that finding every tag in a text full of braces
/// reads it about once, and one far from any closing mark reads no further than a tag
/// can reach.
#[derive(Default)]
struct Closers {
    /// For `}}`, `%}` and `%>`: where the last search began and ended, and what it
    /// found.
    seen: [Option<(usize, usize, Option<usize>)>; 3],
}

impl Closers {
    const MARKS: [&'static str; 3] = ["}}", "%}", "%>"];

    /// The first `MARKS[which]` at or after `from` in `text`, if one is within
    /// [`LONGEST_TAG`] of it (a mark further on may be given too); `from` never goes
    /// back between calls.
    fn next(&mut self, text: &str, which: usize, from: usize) -> Option<usize> {
        if let Some((began, end, at)) = self.seen[which]
            && began <= from
        {
            match at {
                Some(a) if a >= from => return Some(a),
                None if from + LONGEST_TAG <= end => return None,
                _ => {}
            }
        }
        let end = floor_char_boundary(text, from + 4 * LONGEST_TAG);
        let at = text
            .get(from..end)?
            .find(Self::MARKS[which])
            .map(|i| from + i);
        self.seen[which] = Some((from, end, at));
        at
    }

    /// The tag opening at `start`, as [`tag_at`] says.
    fn tag_at(&mut self, text: &str, start: usize) -> Option<TemplateTag> {
        let rest = text.get(start..)?;
        let which = if rest.starts_with("{{") {
            0
        } else if rest.starts_with("{%") {
            1
        } else if rest.starts_with("<%") {
            2
        } else {
            return None;
        };
        let close = self.next(text, which, start + 2)?;
        let end = close + 2;
        let inside = &text[start + 2..close];
        if end - start > LONGEST_TAG || inside.contains("\n\n") || inside.trim().is_empty() {
            return None;
        }
        Some(TemplateTag {
            range: start..end,
            address: quoted_address(inside),
        })
    }
}

/// The largest char boundary of `text` at or below `at` (its length, past its end).
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The message and help for a link's or image's address that holds a template tag
/// (`{{ site.baseurl }}/about/`), or `None` when it holds none.
pub fn in_address(address: &str) -> Option<(String, String)> {
    if !address.contains("{{") && !address.contains("{%") {
        return None;
    }
    let tags = tags_in(address, 0..address.len());
    let first = tags.first()?;
    let mut rest = String::new();
    let mut last = 0;
    for t in &tags {
        rest.push_str(&address[last..t.range.start]);
        last = t.range.end;
    }
    rest.push_str(&address[last..]);
    let tag = shown(&address[first.range.clone()]);
    let message = format!(
        "the address `{address}` holds `{tag}`, a template tag from another site generator (Jekyll's Liquid or Hugo); placebook does not run it, so the link would lead nowhere"
    );
    let help = match rest.trim() {
        "" => "write the address the tag stood for, or link to the page's file (`[words](other-page.md)`)".to_owned(),
        rest => format!("remove the tag and write the address as `{rest}`, or link to the page's file (`[words](other-page.md)`)"),
    };
    Some((message, help))
}

/// Whether the brace at `start` in a markdown text is written `\{`, so markdown shows
/// it as a brace and the author meant it as written.
pub fn is_escaped(text: &str, start: usize) -> bool {
    let slashes = text[..start]
        .bytes()
        .rev()
        .take_while(|b| *b == b'\\')
        .count();
    slashes % 2 == 1
}

/// The address `tag`, written in `text`, stands for: the one it names
/// (`{{ "/about/" | relative_url }}`), or the rest of the link's address it opens
/// (`[words]({{ site.baseurl }}/about/)`).
pub fn address_for(text: &str, tag: &TemplateTag) -> Option<String> {
    if let Some(a) = &tag.address {
        return Some(a.clone());
    }
    let after = &text[tag.range.end..];
    let rest = &after[..after.find([')', ' ', '\n'])?];
    let opens_address =
        text[..tag.range.start].ends_with("](") && after[rest.len()..].starts_with(')');
    (opens_address && !rest.is_empty()).then(|| rest.to_owned())
}

/// How to fix the tag `written` that stands for `address` (see [`address_for`]), with
/// `found`, the help for that address when it is not the site's (which page it likely
/// means); a GOV.UK warning (`<%= warning_text("…") %>`, the Tech Docs Template's) is
/// written as a warning alert.
pub fn help_for(written: &str, address: Option<&str>, found: Option<&str>) -> String {
    const AS_WRITTEN: &str = "to show the tag as written, put it in backticks";
    if let Some(words) = warning_words(written) {
        return format!(
            "write it as a warning alert: a line `> [!WARNING]`, then `> {words}` on the next; {AS_WRITTEN}"
        );
    }
    match (address, found) {
        (Some(a), Some(found)) => format!(
            "the tag stands for `{a}`, which is not an address of this site: {found}; {AS_WRITTEN}"
        ),
        (Some(a), None) => format!(
            "write the address itself, as in `[words]({a})`, or link to the page's file (`[words](other-page.md)`); {AS_WRITTEN}"
        ),
        (None, _) => format!("delete it and write what it stood for; {AS_WRITTEN}"),
    }
}

/// A tag as a message quotes it: whole when short, else its first 60 characters and
/// an ellipsis.
pub fn shown(tag: &str) -> String {
    match tag.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &tag[..cut]),
        None => tag.to_owned(),
    }
}

/// The words of a GOV.UK warning written as a tag (`<%= warning_text("Do not …") %>`).
fn warning_words(written: &str) -> Option<&str> {
    let args = written.split_once("warning_text")?.1.trim_start();
    let args = args.strip_prefix('(').unwrap_or(args).trim_start();
    let quote = args.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let words = &args[1..];
    let words = &words[..words.find(quote)?];
    (!words.trim().is_empty()).then_some(words)
}

/// The first quoted value in a tag's inside that looks like an address or a file name.
fn quoted_address(inside: &str) -> Option<String> {
    inside
        .split(['"', '\''])
        .skip(1)
        .step_by(2)
        .map(str::trim)
        .find(|v| {
            !v.is_empty()
                && !v.contains(char::is_whitespace)
                && (v.contains('/') || v.contains('.'))
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The largest char boundary of `s` at or below `at`.
    fn floor_boundary(s: &str, at: usize) -> usize {
        let mut at = at.min(s.len());
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    #[test]
    fn erb_tags_are_found_and_a_gov_uk_warning_is_written_as_an_alert() {
        let text =
            "<%= warning_text('Do not share passwords') %> and <% if x %>y<% end %>, 5 <% of 10.";
        let found: Vec<&str> = tags_in(text, 0..text.len())
            .iter()
            .map(|t| &text[t.range.clone()])
            .collect();
        assert_eq!(
            found,
            [
                "<%= warning_text('Do not share passwords') %>",
                "<% if x %>",
                "<% end %>"
            ]
        );
        assert_eq!(
            help_for(found[0], None, None),
            "write it as a warning alert: a line `> [!WARNING]`, then `> Do not share passwords` on the next; to show the tag as written, put it in backticks"
        );
        assert_eq!(warning_words("<%= warning_text(\"\") %>"), None);
    }

    fn all(text: &str) -> Vec<(&str, Option<String>)> {
        tags_in(text, 0..text.len())
            .into_iter()
            .map(|t| (&text[t.range], t.address))
            .collect()
    }

    #[test]
    fn liquid_and_hugo_tags_are_found_with_the_address_they_name() {
        let text = "See [tone]({{ \"/our-style/voice-and-tone\" | relative_url }}) and {{< ref \"about.md\" >}}, {% include note.html %} or {{% notice %}}.";
        assert_eq!(
            all(text),
            vec![
                (
                    "{{ \"/our-style/voice-and-tone\" | relative_url }}",
                    Some("/our-style/voice-and-tone".to_owned())
                ),
                ("{{< ref \"about.md\" >}}", Some("about.md".to_owned())),
                ("{% include note.html %}", None),
                ("{{% notice %}}", None),
            ]
        );
    }

    #[test]
    fn an_address_with_a_tag_is_told_what_it_would_be_without() {
        let (message, help) = in_address("{{site.baseurl}}/building-blocks/x/").unwrap();
        assert!(message.contains("holds `{{site.baseurl}}`"), "{message}");
        assert!(help.contains("as `/building-blocks/x/`"), "{help}");
        assert_eq!(in_address("../x.md"), None);
        assert_eq!(in_address("{{ not closed/x"), None);
    }

    #[test]
    fn the_help_names_the_address_a_tag_opens_or_names() {
        let text = "[a]({{ site.baseurl }}/about/) [b]({{ \"/x/\" | relative_url }}) {{ site.title }} \\{{ no }} \\\\{{ yes }}";
        let tags = tags_in(text, 0..text.len());
        let helps: Vec<String> = tags
            .iter()
            .map(|t| {
                help_for(
                    &text[t.range.clone()],
                    address_for(text, t).as_deref(),
                    None,
                )
            })
            .collect();
        assert!(helps[0].contains("`[words](/about/)`"), "{helps:?}");
        assert!(helps[1].contains("`[words](/x/)`"), "{helps:?}");
        assert!(helps[2].starts_with("delete it"), "{helps:?}");
        let escaped: Vec<bool> = tags
            .iter()
            .map(|t| is_escaped(text, t.range.start))
            .collect();
        assert_eq!(escaped, [false, false, false, true, false]);
    }

    #[test]
    fn braces_that_are_not_a_tag_are_left_alone() {
        for text in [
            "a { b } c",
            "{{ never closed",
            "{{}}",
            "{{ a\n\nb }}",
            "a {b} {%",
            "set {1, 2}",
        ] {
            assert_eq!(all(text), vec![], "{text:?}");
        }
    }

    /// The tag at `start` found the plain way, for the property below.
    fn plain_tag_at(text: &str, start: usize) -> Option<Range<usize>> {
        let rest = &text[start..];
        let close = if rest.starts_with("{{") {
            "}}"
        } else if rest.starts_with("{%") {
            "%}"
        } else if rest.starts_with("<%") {
            "%>"
        } else {
            return None;
        };
        let window = &rest[..floor_boundary(rest, LONGEST_TAG)];
        let end = window.get(2..)?.find(close)? + 4;
        let inside = &window[2..end - 2];
        (!inside.contains("\n\n") && !inside.trim().is_empty()).then_some(start..start + end)
    }

    proptest! {
        #[test]
        fn the_remembered_search_finds_what_a_plain_search_finds(text in "[a-z {}<>%\n]{0,1200}") {
            let mut plain = Vec::new();
            for (i, _) in text.match_indices(['{', '<']) {
                if plain.last().is_some_and(|r: &Range<usize>| i < r.end) {
                    continue;
                }
                plain.extend(plain_tag_at(&text, i));
            }
            let found: Vec<Range<usize>> = tags_in(&text, 0..text.len()).into_iter().map(|t| t.range).collect();
            prop_assert_eq!(found, plain);
        }

        #[test]
        fn any_text_gives_tags_inside_it_in_order_without_overlap(text in "[a-z {}%<>\"/|\n.é]{0,80}", from in 0usize..90) {
            let from = floor_boundary(&text, from);
            let tags = tags_in(&text, from..text.len());
            let mut last = from;
            for t in &tags {
                prop_assert!(t.range.start >= last && t.range.end <= text.len());
                let written = &text[t.range.clone()];
                let braces = written.starts_with('{') && written.ends_with('}');
                let erb = written.starts_with("<%") && written.ends_with("%>");
                prop_assert!(braces || erb, "{:?}", written);
                last = t.range.end;
            }
        }
    }
}
