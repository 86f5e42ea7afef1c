//! `placebook new <collection> "<Title>"`: writes `content/<collection>/<slug>.md` with
//! every field of the collection's kind. Required fields are filled in (the title, the
//! next free block number) or hold a `TODO:` placeholder that parses, builds and is
//! reported by the build; optional fields are commented out with their one-line help and
//! an example; the body is a short outline for the kind.

use super::fields::{self, Block, Shape};
use crate::config::{Config, Kind};
use crate::content::front_matter::{FieldInfo, PLACEHOLDER};
use crate::content::{self, CONTENT_DIR, DocRole};
use crate::diagnostic::{Diagnostic, Diagnostics, closest};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// How long a comment line may grow before the list it holds wraps.
const COMMENT_WIDTH: usize = 88;

/// A page written by [`create`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its path from the site root, `/`-separated (`content/case-studies/x.md`).
    pub site_path: String,
    /// How many fields hold a placeholder to fill in.
    pub placeholders: usize,
}

/// Creates a page titled `title` in `collection` of the site at `root`. Refuses to
/// replace a file, or to take an address another page of the collection has.
pub fn create(root: &Path, collection: &str, title: &str) -> Result<Created, Diagnostics> {
    let config = Config::load(root).map_err(Diagnostics::from)?;
    let Some(coll) = config.collections.get(collection) else {
        return Err(one(unknown_collection(collection, &config)));
    };
    let title = title.trim();
    let slug = crate::slug::slugify(title);
    if slug.is_empty() {
        return Err(one(Diagnostic::error(
            "new",
            format!("the title `{title}` has no letters or digits"),
        )
        .suggest("give the page a title in words, e.g. \"Sheffield Money\"")));
    }
    let site_path = format!("{CONTENT_DIR}/{collection}/{slug}.md");
    let path = root.join(&site_path);
    let loaded = content::load(root, &config);
    if let Some(other) = loaded.docs.iter().find(|d| {
        d.collection.as_deref() == Some(collection)
            && d.role == DocRole::Page
            && d.path != site_path
            && d.slug() == slug
    }) {
        return Err(one(Diagnostic::error(
            "new",
            format!(
                "{} already has the address `{collection}/{slug}/`",
                other.path
            ),
        )
        .suggest("choose another title, or edit that page")));
    }
    let blocks = fields::blocks(&loaded.docs);
    let page = render(coll.kind, collection, title, &blocks);
    write_new(&path, &site_path, &page.text)?;
    Ok(Created {
        path,
        site_path,
        placeholders: page.placeholders,
    })
}

fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics::from(vec![d])
}

fn unknown_collection(name: &str, config: &Config) -> Diagnostic {
    let names: Vec<&str> = config.collections.keys().map(String::as_str).collect();
    let d = Diagnostic::error(
        "unknown-collection",
        format!("there is no collection `{name}`"),
    )
    .in_file(crate::config::CONFIG_FILE);
    match closest(name, names.iter().copied()) {
        Some(n) => d.suggest(format!("did you mean `{n}`?")),
        None => d.suggest(format!("the collections are: {}", names.join(", "))),
    }
}

/// Writes `text` to a file that must not exist yet (checked by the file system itself,
/// so a file created meanwhile is not replaced either).
/// Writes `text` to a new file at `path` (named `site_path` in messages), creating its
/// folder; refuses to replace a file.
pub(crate) fn write_new(path: &Path, site_path: &str, text: &str) -> Result<(), Diagnostics> {
    let io = |e: std::io::Error| {
        one(Diagnostic::error("io", format!("cannot write {site_path}: {e}")).in_file(site_path))
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(one(
                Diagnostic::error("new", format!("{site_path} already exists"))
                    .in_file(site_path)
                    .suggest("placebook new never replaces a file: choose another title, or edit the existing page"),
            ));
        }
        Err(e) => return Err(io(e)),
    };
    file.write_all(text.as_bytes()).map_err(io)
}

/// A new page's text and how many placeholders it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPageText {
    /// The whole file.
    pub text: String,
    /// How many fields hold a placeholder.
    pub placeholders: usize,
}

/// The text of a new page of `kind` in `collection`, knowing the site's blocks (for the
/// next free number and for examples of block references).
pub fn render(kind: Kind, collection: &str, title: &str, blocks: &[Block]) -> NewPageText {
    let shapes = fields::derived_properties();
    let refs = fields::reference_values(blocks);
    let slug = crate::slug::slugify(title);
    let mut required = String::new();
    let mut optional = String::new();
    let mut placeholders = 0;
    for f in fields::of_kind(kind) {
        let shape = shapes.get(f.name).map(fields::shape).unwrap_or(Shape::Any);
        if fields::is_required(f, kind) {
            let value = match required_value(f, &shape, collection, title, blocks, &refs) {
                Value::Placeholder(v) => {
                    placeholders += 1;
                    v
                }
                Value::Filled { value, note } => {
                    if f.name != "title" {
                        let _ = writeln!(required, "# {}{note}", f.help);
                    }
                    value
                }
            };
            let _ = writeln!(required, "{}: {value}", f.name);
        } else {
            let example = match f.name {
                "slug" => slug.clone(),
                _ => example(f, &refs),
            };
            let _ = writeln!(optional, "\n# {}", help_line(f, &refs));
            let _ = writeln!(optional, "# {}: {example}", f.name);
        }
    }
    let mut text = String::from("---\n");
    text.push_str(&required);
    if !optional.is_empty() {
        text.push_str(
            "\n# Optional fields: to use one, delete the \"# \" at the start of its line\n\
             # and change the example.\n",
        );
        text.push_str(&optional);
    }
    text.push_str("---\n\n");
    text.push_str(outline(kind));
    NewPageText { text, placeholders }
}

/// The value a required field starts with.
enum Value {
    /// A `TODO:` text the build warns about.
    Placeholder(String),
    /// A real value, with a note to add to its help comment.
    Filled { value: String, note: String },
}

fn required_value(
    f: &FieldInfo,
    shape: &Shape,
    collection: &str,
    title: &str,
    blocks: &[Block],
    refs: &[String],
) -> Value {
    if f.name == "title" {
        return Value::Filled {
            value: quote(title),
            note: String::new(),
        };
    }
    if f.name == "number" {
        // Numbers are unique within a collection (the build checks it).
        let next = blocks
            .iter()
            .filter(|b| b.collection == collection)
            .filter_map(|b| b.number)
            .max()
            .unwrap_or(0)
            + 1;
        return Value::Filled {
            value: next.to_string(),
            note: format!("; {next} is the next free one"),
        };
    }
    if fields::BLOCK_REFERENCES.contains(&f.name) {
        return Value::Filled {
            value: example(f, refs),
            note: String::new(),
        };
    }
    match shape {
        Shape::Text | Shape::List => {
            Value::Placeholder(quote(&format!("{PLACEHOLDER}: {}", f.help)))
        }
        _ => Value::Filled {
            value: f.example.to_owned(),
            note: String::new(),
        },
    }
}

/// A field's example as YAML; block references use the site's own blocks when it has
/// any, so the line builds once uncommented.
fn example(f: &FieldInfo, refs: &[String]) -> String {
    if fields::BLOCK_REFERENCES.contains(&f.name) && !refs.is_empty() {
        let shown: Vec<&str> = refs.iter().take(2).map(String::as_str).collect();
        return format!("[{}]", shown.join(", "));
    }
    f.example.to_owned()
}

/// The comment above an optional field: its help, and for block references the blocks
/// there are to choose from, on lines of their own wrapped to [`COMMENT_WIDTH`].
fn help_line(f: &FieldInfo, refs: &[String]) -> String {
    if !fields::BLOCK_REFERENCES.contains(&f.name) || refs.is_empty() {
        return f.help.to_owned();
    }
    let mut out = format!("{}, one or more of:", f.help);
    let mut width = COMMENT_WIDTH;
    for (i, r) in refs.iter().enumerate() {
        let item = if i + 1 < refs.len() {
            format!("{r},")
        } else {
            r.clone()
        };
        if width + 1 + item.len() > COMMENT_WIDTH {
            out.push_str("\n#  ");
            width = 3;
        }
        out.push(' ');
        out.push_str(&item);
        width += 1 + item.len();
    }
    out
}

/// A YAML double-quoted scalar (JSON's string syntax is valid YAML).
fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// The body outline of a new page of `kind`: headings with a prompt under each, as
/// HTML comments so that an unfinished section shows nothing on the site.
fn outline(kind: Kind) -> &'static str {
    match kind {
        Kind::CaseStudy => {
            "## The context\n\n\
             <!-- What was the place like before? Who was involved, and what were they trying to change? -->\n\n\
             ## What was done\n\n\
             <!-- What did the partners do, in what order, and with what money, people and powers? -->\n\n\
             ## What changed\n\n\
             <!-- What difference did it make? Give figures where there are any, and say where they come from. -->\n\n\
             ## Lessons for other places\n\n\
             <!-- What would you tell another place starting out? What would you do differently? -->\n"
        }
        Kind::BuildingBlock => {
            "## Why it matters\n\n\
             <!-- Why does a place need this building block? What goes wrong without it? -->\n\n\
             ## What good looks like\n\n\
             <!-- Describe a place where it works: what you would see, hear and read there. -->\n\n\
             ## Common pitfalls\n\n\
             <!-- What do places often get wrong, and how can they avoid it? -->\n"
        }
        Kind::Page => {
            "<!-- Write the page here in Markdown; link to another page by its .md file, relative to this one. -->\n"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::{FrontMatterLines, parse};
    use crate::diagnostic::SourceText;

    fn blocks() -> Vec<Block> {
        ["shared-purpose", "pooled-resources", "data-sharing"]
            .iter()
            .enumerate()
            .map(|(i, s)| Block {
                collection: "building-blocks".into(),
                slug: (*s).into(),
                number: Some(i as i64 + 1),
            })
            .collect()
    }

    /// Parses a rendered page with the loader's own front-matter parser.
    fn parse_page(text: &str, kind: Kind) -> crate::content::FrontMatter {
        let t = SourceText::new(text.to_owned());
        let sp = crate::content::split::split(&t, "x.md").unwrap();
        let r = sp.front_matter.unwrap();
        parse(
            &t,
            &text[r.start..r.end],
            FrontMatterLines {
                first: r.first_line,
                closing: r.closing_line,
            },
            kind,
            "x.md",
        )
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"))
    }

    #[test]
    fn every_kind_renders_front_matter_the_loader_accepts() {
        for kind in [Kind::CaseStudy, Kind::BuildingBlock, Kind::Page] {
            let r = render(kind, "building-blocks", "Sheffield: \"Money\"", &blocks());
            let fm = parse_page(&r.text, kind);
            assert_eq!(fm.title.as_deref(), Some("Sheffield: \"Money\""));
            for f in fields::of_kind(kind) {
                assert!(
                    r.text.contains(&format!("{}:", f.name)),
                    "{}\n{}",
                    f.name,
                    r.text
                );
            }
        }
    }

    #[test]
    fn required_fields_are_filled_or_marked_and_optional_ones_commented() {
        let r = render(
            Kind::CaseStudy,
            "case-studies",
            "Sheffield Money",
            &blocks(),
        );
        assert_eq!(r.placeholders, 2, "{}", r.text);
        let fm = parse_page(&r.text, Kind::CaseStudy);
        assert!(fm.place.unwrap().starts_with("TODO: the place"));
        assert!(fm.summary.unwrap().starts_with("TODO:"));
        assert!(fm.year.is_none() && fm.building_blocks.is_empty());
        assert!(
            r.text
                .contains("\n# the region the place is in\n# region: Yorkshire and the Humber\n")
        );
        assert!(r.text.contains("\n# slug: sheffield-money\n"));
        assert!(
            r.text
                .contains("# building_blocks: [data-sharing, pooled-resources]"),
            "{}",
            r.text
        );
        assert!(
            r.text
                .contains("one or more of:\n#   data-sharing, pooled-resources, shared-purpose\n"),
            "{}",
            r.text
        );
        for h in [
            "The context",
            "What was done",
            "What changed",
            "Lessons for other places",
        ] {
            assert!(r.text.contains(&format!("\n## {h}\n")), "{h}");
        }
    }

    #[test]
    fn a_block_gets_the_next_free_number_of_its_collection() {
        let r = render(
            Kind::BuildingBlock,
            "building-blocks",
            "Shared data",
            &blocks(),
        );
        assert_eq!(parse_page(&r.text, Kind::BuildingBlock).number, Some(4));
        let r = render(Kind::BuildingBlock, "plays", "First play", &blocks());
        assert_eq!(parse_page(&r.text, Kind::BuildingBlock).number, Some(1));
        for h in ["Why it matters", "What good looks like", "Common pitfalls"] {
            assert!(r.text.contains(&format!("## {h}")), "{h}");
        }
    }

    #[test]
    fn uncommenting_every_optional_line_still_parses() {
        for kind in [Kind::CaseStudy, Kind::BuildingBlock, Kind::Page] {
            let r = render(kind, "building-blocks", "T", &blocks());
            let text: String = r
                .text
                .lines()
                .map(|l| {
                    let field = l.strip_prefix("# ").filter(|rest| {
                        rest.split_once(':')
                            .is_some_and(|(k, _)| crate::content::front_matter::field(k).is_some())
                    });
                    format!("{}\n", field.unwrap_or(l))
                })
                .collect();
            let fm = parse_page(&text, kind);
            assert!(fm.draft, "draft was uncommented for {kind:?}: {text}");
        }
    }

    #[test]
    fn long_block_lists_wrap() {
        let many: Vec<String> = (0..20).map(|i| format!("block-number-{i}")).collect();
        let f = crate::content::front_matter::field("related").unwrap();
        let line = help_line(f, &many);
        assert!(line.lines().count() > 2, "{line}");
        assert!(
            line.lines().next().unwrap().ends_with("one or more of:"),
            "{line}"
        );
        assert!(line.lines().all(|l| l.len() <= COMMENT_WIDTH + 2), "{line}");
        assert!(line.lines().skip(1).all(|l| l.starts_with("#  ")), "{line}");
    }
}
