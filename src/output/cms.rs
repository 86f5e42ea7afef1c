//! The browser editing screen: with `cms:` in `placebook.yaml`, the build also writes
//! `admin/config.yml` and `admin/index.html` for [Decap CMS](https://decapcms.org), a
//! git-backed editor that saves each change as a commit.
//!
//! The config is generated from `placebook.yaml`'s collections and each kind's fields
//! (the same [`FIELDS`](crate::content::front_matter::FIELDS) and derived front-matter
//! schema the loader and `placebook schema` use), so each collection is a form with the
//! right widgets. `admin/index.html` is the only page placebook writes that loads a
//! script from another host (Decap's, from a CDN).

use crate::authoring::fields::{self, Shape, SubField};
use crate::config::{CMS_FOLDER, CmsBackend, CmsConfig, Config, DECAP_FILE, Kind};
use crate::content::CONTENT_DIR;
use crate::markdown::escape;
use crate::model::Site;
use crate::output::Artifact;
use serde_json::{Map, Value, json};
use std::path::Path;

/// Where Decap CMS is loaded from: its major version 3 on the unpkg CDN, as its
/// documentation shows.
pub const DECAP_SCRIPT: &str = "https://unpkg.com/decap-cms@^3.0.0/dist/decap-cms.js";

/// Netlify Identity's sign-in widget, needed by the `git-gateway` backend.
pub const IDENTITY_SCRIPT: &str = "https://identity.netlify.com/v1/netlify-identity-widget.js";

/// Where files uploaded through the editor go, from the site root, and the address they
/// are linked by (a site path that the build checks and makes relative).
pub const MEDIA_FOLDER: &str = "static/uploads";
const PUBLIC_FOLDER: &str = "/uploads";

/// Fields edited in a multi-line text box rather than a one-line one.
const MULTILINE: &[&str] = &["summary"];

/// `admin/config.yml` and `admin/index.html`, or nothing when `cms` is off. `root` is
/// the site folder: paths in the config are written from the git repository holding it.
pub fn render(site: &Site, root: &Path) -> Vec<Artifact> {
    let Some(cms) = &site.config.cms else {
        return Vec::new();
    };
    let prefix = repository_prefix(root);
    let mut files = vec![
        Artifact {
            path: format!("{CMS_FOLDER}/config.yml"),
            bytes: to_yaml(&config(&site.config, cms, &prefix)).into_bytes(),
        },
        Artifact {
            path: format!("{CMS_FOLDER}/index.html"),
            bytes: index_html(&site.config, cms).into_bytes(),
        },
    ];
    if let Some(folder) = &cms.script {
        files.extend(decap_files(&root.join(folder)));
    }
    files
}

/// Decap's own files in `folder`: `decap-cms.js` and the numbered parts it loads
/// (`103.decap-cms.js`), each for `admin/` (source maps and other builds left out).
fn decap_files(folder: &Path) -> Vec<Artifact> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<Artifact> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let part = name.strip_suffix(DECAP_FILE)?;
            let numbered = part.is_empty()
                || part
                    .strip_suffix('.')
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            let bytes = numbered.then(|| std::fs::read(e.path()).ok()).flatten()?;
            Some(Artifact {
                path: format!("{CMS_FOLDER}/{name}"),
                bytes,
            })
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The path of the site folder inside its git repository, ending in `/` (empty when the
/// site is the repository, or is not in one).
fn repository_prefix(root: &Path) -> String {
    let Ok(root) = root.canonicalize() else {
        return String::new();
    };
    root.ancestors()
        .find(|dir| dir.join(".git").exists())
        .and_then(|repo| root.strip_prefix(repo).ok())
        .map(|rel| {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.iter().map(|p| format!("{p}/")).collect()
        })
        .unwrap_or_default()
}

/// The Decap CMS configuration of a site, as a JSON value (written out as YAML).
pub fn config(config: &Config, cms: &CmsConfig, prefix: &str) -> Value {
    let mut backend = Map::new();
    backend.insert("name".into(), json!(cms.backend.name()));
    backend.insert("branch".into(), json!(cms.branch));
    if let Some(repo) = &cms.repo {
        backend.insert("repo".into(), json!(repo));
    }
    if let Some(url) = &cms.auth_url {
        backend.insert("base_url".into(), json!(url));
    }
    let mut out = Map::new();
    out.insert("backend".into(), Value::Object(backend));
    if cms.editorial_workflow {
        out.insert("publish_mode".into(), json!("editorial_workflow"));
    }
    // Lets `npx decap-server` save to the local checkout when the admin page is opened
    // from localhost; ignored everywhere else.
    out.insert("local_backend".into(), json!(true));
    if let Some(url) = &config.base_url {
        out.insert("site_url".into(), json!(url));
    }
    out.insert(
        "media_folder".into(),
        json!(format!("{prefix}{MEDIA_FOLDER}")),
    );
    out.insert("public_folder".into(), json!(PUBLIC_FOLDER));
    let block_collections: Vec<&str> = config
        .collections
        .iter()
        .filter(|(_, c)| c.kind == Kind::BuildingBlock)
        .map(|(k, _)| k.as_str())
        .collect();
    let mut collections: Vec<Value> = config
        .collections
        .iter()
        .map(|(key, c)| {
            let related_target = if c.kind == Kind::BuildingBlock {
                Some(key.as_str())
            } else {
                block_collections.first().copied()
            };
            collection(
                key,
                &config.collection_title(key),
                &format!("{prefix}{CONTENT_DIR}/{key}"),
                c.kind,
                related_target,
            )
        })
        .collect();
    let pages_name = if config.collections.contains_key("pages") {
        "top-level-pages"
    } else {
        "pages"
    };
    collections.push(collection(
        pages_name,
        "Pages",
        &format!("{prefix}{CONTENT_DIR}"),
        Kind::Page,
        block_collections.first().copied(),
    ));
    if config.is_multilingual() {
        let locales: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        out.insert(
            "i18n".into(),
            json!({
                "structure": "multiple_files",
                "locales": locales,
                "default_locale": locales[0],
            }),
        );
        for c in &mut collections {
            translatable(c);
        }
    }
    out.insert("collections".into(), Value::Array(collections));
    Value::Object(out)
}

/// A collection, and each of its fields, edited in every language (Decap's `i18n`),
/// its files named `<slug>.<code>.md` as placebook pairs them.
fn translatable(collection: &mut Value) {
    collection["i18n"] = json!(true);
    if let Some(fields) = collection["fields"].as_array_mut() {
        for f in fields {
            f["i18n"] = json!(true);
        }
    }
}

/// One folder collection: its pages' fields, then the body.
fn collection(
    name: &str,
    label: &str,
    folder: &str,
    kind: Kind,
    block_target: Option<&str>,
) -> Value {
    let shapes = fields::derived_properties();
    let mut fields_out: Vec<Value> = fields::of_kind(kind)
        .map(|f| {
            let shape = shapes.get(f.name).map(fields::shape).unwrap_or(Shape::Any);
            let target = block_target.filter(|_| fields::BLOCK_REFERENCES.contains(&f.name));
            let mut field = widget(f.name, &shape, target);
            field.insert("name".into(), json!(f.name));
            field.insert("label".into(), json!(field_label(f.name)));
            field.insert("hint".into(), json!(crate::slug::capitalise(f.help)));
            field.insert("required".into(), json!(fields::is_required(f, kind)));
            // A switch that is on unless turned off (`diagnostic`) must start on: Decap's
            // switch otherwise saves `false` into every page it creates.
            if shape == Shape::Boolean
                && let Some(default) = shapes.get(f.name).and_then(|s| s.get("default"))
            {
                field.insert("default".into(), default.clone());
            }
            Value::Object(field)
        })
        .collect();
    fields_out.push(json!({
        "name": "body",
        "label": "Body",
        "widget": "markdown",
        "required": false,
    }));
    json!({
        "name": name,
        "label": label,
        "folder": folder,
        "create": true,
        "extension": "md",
        "format": "yaml-frontmatter",
        "slug": "{{slug}}",
        "identifier_field": "title",
        "fields": fields_out,
    })
}

/// The widget settings for a field of `shape`; `block_target` is the collection a block
/// reference picks from.
fn widget(name: &str, shape: &Shape, block_target: Option<&str>) -> Map<String, Value> {
    let value = match (shape, block_target) {
        (Shape::List, Some(target)) => json!({
            "widget": "relation",
            "collection": target,
            "value_field": "{{slug}}",
            "search_fields": ["title"],
            "display_fields": ["title"],
            "multiple": true,
        }),
        (Shape::Text, _) if MULTILINE.contains(&name) => json!({ "widget": "text" }),
        (Shape::Text, _) => json!({ "widget": "string" }),
        (Shape::Integer { min }, _) => {
            let mut w = json!({ "widget": "number", "value_type": "int" });
            if let Some(min) = min {
                w["min"] = json!(min);
            }
            w
        }
        (Shape::Boolean, _) => json!({ "widget": "boolean" }),
        (Shape::Date, _) => json!({
            "widget": "datetime",
            "date_format": "YYYY-MM-DD",
            "time_format": false,
            "picker_utc": true,
        }),
        (Shape::List, None) => json!({
            "widget": "list",
            "field": { "name": "item", "label": field_label(name), "widget": "string" },
        }),
        (Shape::Records(sub), _) => json!({
            "widget": "list",
            "summary": sub.first().map(|s| format!("{{{{fields.{}}}}}", s.name)).unwrap_or_default(),
            "fields": sub.iter().map(sub_field).collect::<Vec<_>>(),
        }),
        // Free data (such as `extra`) has no form; a hidden field keeps its value.
        (Shape::Any, _) => json!({ "widget": "hidden" }),
    };
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn sub_field(s: &SubField) -> Value {
    let mut field = widget(&s.name, &s.shape, None);
    field.insert("name".into(), json!(s.name));
    field.insert("label".into(), json!(field_label(&s.name)));
    if let Some(d) = &s.description {
        field.insert("hint".into(), json!(d));
    }
    field.insert("required".into(), json!(s.required));
    Value::Object(field)
}

/// The page that loads Decap CMS.
pub fn index_html(config: &Config, cms: &CmsConfig) -> String {
    let identity = if cms.backend == CmsBackend::GitGateway {
        format!("  <script src=\"{IDENTITY_SCRIPT}\"></script>\n")
    } else {
        String::new()
    };
    format!(
        "<!doctype html>\n\
         <html lang=\"{lang}\">\n\
         <head>\n\
         \x20 <meta charset=\"utf-8\">\n\
         \x20 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         \x20 <meta name=\"robots\" content=\"noindex\">\n\
         \x20 <title>Edit {title}</title>\n\
         {identity}\
         </head>\n\
         <body>\n\
         \x20 <!-- {source} Its settings are in config.yml beside this file, written by placebook build. -->\n\
         \x20 <script src=\"{script}\"></script>\n\
         </body>\n\
         </html>\n",
        lang = escape(&config.language),
        title = escape(&config.title),
        source = if cms.script.is_some() {
            "Decap CMS, copied beside this page from its npm package (cms.script), so nothing loads from a CDN."
        } else {
            "Decap CMS, loaded from a CDN: the one page of this site that needs the network."
        },
        script = if cms.script.is_some() {
            DECAP_FILE
        } else {
            DECAP_SCRIPT
        },
    )
}

/// Writes a JSON value as block-style YAML. Strings are double-quoted in JSON's syntax,
/// which YAML reads the same way, so no value can be misread (`no`, `1.0`, `{{slug}}`).
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    write_yaml(value, 0, &mut out);
    out
}

fn write_yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by_key(|(k, _)| key_rank(k));
            for (k, v) in entries {
                out.push_str(&pad);
                out.push_str(&yaml_key(k));
                out.push(':');
                write_nested(v, indent, out);
            }
        }
        Value::Array(items) => {
            for v in items {
                out.push_str(&pad);
                out.push('-');
                match v {
                    Value::Object(map) if !map.is_empty() => {
                        // The first key goes on the dash's line, the rest under it.
                        let mut inner = String::new();
                        write_yaml(v, indent + 2, &mut inner);
                        out.push(' ');
                        out.push_str(&inner[indent + 2..]);
                    }
                    _ => write_nested(v, indent, out),
                }
            }
        }
        scalar => {
            out.push_str(&pad);
            out.push_str(&scalar.to_string());
            out.push('\n');
        }
    }
}

/// Writes the value after `key:` or `-`: scalars and empty collections on the same line,
/// others indented below.
fn write_nested(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_yaml(v, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_yaml(v, indent + 2, out);
        }
        other => {
            out.push(' ');
            out.push_str(&other.to_string());
            out.push('\n');
        }
    }
}

/// The order keys are written in, for a person reading the file: what a thing is
/// first, the lists it holds last, the rest alphabetically.
fn key_rank(k: &str) -> (usize, &str) {
    const FIRST: &[&str] = &["backend", "name", "label", "widget"];
    const LAST: &[&str] = &["field", "fields", "collections"];
    match (
        FIRST.iter().position(|f| *f == k),
        LAST.iter().position(|f| *f == k),
    ) {
        (Some(i), _) => (i, ""),
        (_, Some(i)) => (FIRST.len() + 1 + i, ""),
        _ => (FIRST.len(), k),
    }
}

/// A field's label: its name in words (`building_blocks` → `Building blocks`).
fn field_label(name: &str) -> String {
    match name {
        "url" => "URL".to_owned(),
        _ => crate::slug::words_from_slug(name),
    }
}

fn yaml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_owned()
    } else {
        Value::String(k.to_owned()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(config_text: &str) -> serde_json::Value {
        let config = Config::parse(config_text).unwrap();
        let cms = config.cms.clone().expect("cms is on");
        let yaml = to_yaml(&super::config(&config, &cms, ""));
        let v: crate::yaml::Value =
            crate::yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
        crate::yaml::to_json(&v)
    }

    /// The names of the CMS config's collections, in order.
    fn collection_names(c: &Value) -> Vec<&str> {
        c["collections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap())
            .collect()
    }

    fn field<'a>(c: &'a Value, collection: &str, name: &str) -> &'a Value {
        c["collections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == collection)
            .unwrap_or_else(|| panic!("no collection {collection}"))["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no field {collection}.{name}"))
    }

    #[test]
    fn a_playbook_in_two_languages_edits_each_page_in_both() {
        let c = parsed("title: T\ncms: true\nlanguages:\n  - code: en-GB\n  - code: cy\n");
        assert_eq!(
            c["i18n"],
            json!({"structure": "multiple_files", "locales": ["en-GB", "cy"], "default_locale": "en-GB"})
        );
        for coll in c["collections"].as_array().unwrap() {
            assert_eq!(coll["i18n"], json!(true), "{coll}");
            assert!(
                coll["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|f| f["i18n"] == json!(true))
            );
        }
        assert!(parsed("title: T\ncms: true\n").get("i18n").is_none());
    }

    #[test]
    fn yaml_writer_round_trips() {
        let v = json!({"a": [1, {"b": "no", "c": [], "d": {}}, [true, null]], "e f": "{{slug}}", "g": {"h": "x: y"}});
        let back: crate::yaml::Value = crate::yaml::from_str(&to_yaml(&v)).unwrap();
        assert_eq!(crate::yaml::to_json(&back), v, "{}", to_yaml(&v));
    }

    #[test]
    fn the_editorial_workflow_is_turned_on_by_one_setting() {
        let plain = parsed("title: T\ncms: true\n");
        assert_eq!(plain.get("publish_mode"), None);
        let c = parsed("title: T\ncms: {editorial_workflow: true}\n");
        assert_eq!(c["publish_mode"], "editorial_workflow");
    }

    #[test]
    fn each_collection_is_a_folder_with_the_right_widgets() {
        let c = parsed("title: T\ncms: true\n");
        assert_eq!(
            c["backend"],
            json!({"name": "git-gateway", "branch": "main"})
        );
        let names = collection_names(&c);
        assert_eq!(names, ["building-blocks", "case-studies", "pages"]);
        assert_eq!(c["collections"][1]["folder"], "content/case-studies");
        assert_eq!(field(&c, "case-studies", "summary")["widget"], "text");
        assert_eq!(field(&c, "case-studies", "summary")["required"], true);
        assert_eq!(field(&c, "case-studies", "region")["required"], false);
        assert_eq!(field(&c, "case-studies", "year")["widget"], "number");
        assert_eq!(field(&c, "building-blocks", "number")["min"], 1);
        assert_eq!(field(&c, "case-studies", "draft")["widget"], "boolean");
        let diagnostic = field(&c, "building-blocks", "diagnostic");
        assert_eq!(
            (&diagnostic["widget"], &diagnostic["default"]),
            (&json!("boolean"), &json!(true)),
            "a block is in the diagnostic unless switched off"
        );
        assert_eq!(field(&c, "case-studies", "updated")["widget"], "datetime");
        assert_eq!(field(&c, "case-studies", "tags")["widget"], "list");
        assert_eq!(field(&c, "case-studies", "extra")["widget"], "hidden");
        assert_eq!(field(&c, "case-studies", "body")["widget"], "markdown");
        let bb = field(&c, "case-studies", "building_blocks");
        assert_eq!(
            (
                bb["widget"].as_str(),
                bb["collection"].as_str(),
                bb["multiple"].as_bool()
            ),
            (Some("relation"), Some("building-blocks"), Some(true))
        );
        assert_eq!(
            field(&c, "building-blocks", "related")["collection"],
            "building-blocks"
        );
        let sources = field(&c, "pages", "sources");
        let subs: Vec<(&str, bool)> = sources["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap(),
                    s["required"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            subs,
            [
                ("title", true),
                ("url", true),
                ("date", false),
                ("publisher", false)
            ]
        );
    }

    #[test]
    fn what_a_thing_is_comes_first_in_the_file() {
        let yaml = to_yaml(
            &json!({"widget": "list", "fields": [], "hint": "h", "name": "n", "label": "L"}),
        );
        assert_eq!(
            yaml,
            "name: \"n\"\nlabel: \"L\"\nwidget: \"list\"\nhint: \"h\"\nfields: []\n"
        );
    }

    #[test]
    fn backend_settings_are_passed_on() {
        let c = parsed(
            "title: T\ncms: { backend: github, repo: org/pb, branch: live, auth_url: 'https://auth.example.org' }\n",
        );
        assert_eq!(
            c["backend"],
            json!({"name": "github", "branch": "live", "repo": "org/pb", "base_url": "https://auth.example.org"})
        );
    }

    #[test]
    fn a_collection_named_pages_moves_the_top_level_one() {
        let c = parsed("title: T\ncms: true\ncollections:\n  pages: { kind: page }\n");
        let names = collection_names(&c);
        assert_eq!(names, ["pages", "top-level-pages"]);
        assert_eq!(c["collections"][0]["folder"], "content/pages");
        assert_eq!(c["collections"][1]["folder"], "content");
    }

    #[test]
    fn index_page_loads_decap_and_identity_only_for_git_gateway() {
        let config = Config::parse("title: A & B\ncms: true\n").unwrap();
        let html = index_html(&config, config.cms.as_ref().unwrap());
        assert!(html.contains(DECAP_SCRIPT) && html.contains(IDENTITY_SCRIPT));
        assert!(html.contains("<title>Edit A &amp; B</title>"), "{html}");
        let config = Config::parse("title: T\ncms: { backend: gitlab, repo: a/b }\n").unwrap();
        assert!(!index_html(&config, config.cms.as_ref().unwrap()).contains(IDENTITY_SCRIPT));
    }
}
