//! Authoring: `placebook new` for each kind (then a build), `placebook schema` against
//! the sample playbook, and the Decap CMS config written by the build.

mod common;
use common::*;
use placebook::config::Kind;
use placebook::content::front_matter::FIELDS;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;

fn new_page(root: &Path, collection: &str, title: &str) -> Output {
    placebook()
        .args(["new", collection, title, "--root"])
        .arg(root)
        .output()
        .unwrap()
}

fn schema(root: &Path, out: &Path) -> Output {
    placebook()
        .args(["schema", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap()
}

/// The front matter of a markdown file as JSON (what an editor's YAML server sees).
fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n");
    let rest = text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("{} has no front matter", path.display()));
    let end = rest.find("\n---\n").or_else(|| rest.find("\n---")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).unwrap();
    serde_json::to_value(yaml).unwrap()
}

fn validator(dir: &Path, file: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

#[test]
fn help_lists_the_authoring_commands() {
    let out = stdout(&placebook().arg("--help").output().unwrap());
    assert!(out.contains("new") && out.contains("schema"), "{out}");
}

#[test]
fn new_inside_content_writes_into_the_playbook_and_says_how_to_build_from_there() {
    let site = fixture("authoring");
    let here = site.root.join("content");
    let o = placebook()
        .current_dir(&here)
        .args(["new", "case-studies", "Leeds Money"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "../content/case-studies/leeds-money.md\n");
    assert_eq!(
        stderr(&o),
        "Fill in the 2 fields marked TODO, then build with: placebook build\n"
    );
    assert!(
        site.root
            .join("content/case-studies/leeds-money.md")
            .is_file()
    );
    assert!(!here.join("content").exists(), "no content/content/");
    let o = placebook()
        .current_dir(&here)
        .arg("build")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "the advice works from here: {}",
        stderr(&o)
    );
    assert!(
        site.out()
            .join("case-studies/leeds-money/index.html")
            .is_file()
    );

    // Named with --root, the playbook is named so in the advice, as typed.
    let o = placebook()
        .current_dir(site.root.parent().unwrap())
        .args(["new", "case-studies", "York Money", "--root", "site"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "site/content/case-studies/york-money.md\n");
    assert_eq!(
        stderr(&o),
        "Fill in the 2 fields marked TODO, then build with: placebook build --root site\n"
    );
}

#[test]
fn new_makes_a_page_of_each_kind_that_builds_and_warns_where_to_fill_in() {
    let site = fixture("authoring");
    let cases = [
        ("case-studies", "Sheffield Money", "sheffield-money"),
        ("building-blocks", "Shared data", "shared-data"),
        ("guides", "Running a workshop", "running-a-workshop"),
    ];
    for (collection, title, slug) in cases {
        let o = new_page(&site.root, collection, title);
        assert!(o.status.success(), "{}", stderr(&o));
        let path = site.root.join(format!("content/{collection}/{slug}.md"));
        assert_eq!(stdout(&o).trim(), path.display().to_string());
        assert!(path.is_file());
    }
    let block =
        std::fs::read_to_string(site.root.join("content/building-blocks/shared-data.md")).unwrap();
    assert!(block.contains("\nnumber: 3\n"), "{block}");
    assert!(block.contains("## What good looks like"), "{block}");

    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let mut warned = locations(&err);
    warned.sort();
    assert_eq!(
        warned,
        [
            "content/building-blocks/shared-data.md:3:11",
            "content/case-studies/sheffield-money.md:3:11",
            "content/case-studies/sheffield-money.md:4:9",
        ],
        "{err}"
    );
    assert_eq!(err.matches("warning[placeholder]").count(), 3, "{err}");
    assert!(stdout(&o).contains("3 warnings"), "{}", stdout(&o));

    for (collection, title, slug) in cases {
        let doc = html(&site.out().join(format!("{collection}/{slug}/index.html")));
        assert_eq!(texts(&doc, "h1"), [title]);
    }
    let case = html(&site.out().join("case-studies/sheffield-money/index.html"));
    let headings = texts(&case, "main h2");
    for h in [
        "The context",
        "What was done",
        "What changed",
        "Lessons for other places",
    ] {
        assert!(headings.iter().any(|x| x.contains(h)), "{h}: {headings:?}");
    }
}

#[test]
fn a_filled_in_case_study_is_linked_from_its_block() {
    let site = fixture("authoring");
    assert!(
        new_page(&site.root, "case-studies", "Sheffield Money")
            .status
            .success()
    );
    let path = site.root.join("content/case-studies/sheffield-money.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\n# building_blocks: [pooled-resources, shared-purpose]\n"),
        "{text}"
    );
    // What an author does: replace the TODOs, uncomment a field and keep one block.
    let filled = text
        .replace(
            "\"TODO: one or two sentences saying what the page is about\"",
            "A council-backed lender.",
        )
        .replace("\"TODO: the place the case study is about\"", "Sheffield")
        .replace(
            "# building_blocks: [pooled-resources, shared-purpose]",
            "building_blocks: [shared-purpose]",
        );
    std::fs::write(&path, filled).unwrap();

    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("placeholder"), "{}", stderr(&o));
    let block = html(&site.out().join("building-blocks/shared-purpose/index.html"));
    let linked = texts(&block, "section[aria-labelledby=pb-backlinks] a");
    assert!(linked.iter().any(|t| t == "Sheffield Money"), "{linked:?}");
}

#[test]
fn new_refuses_to_replace_a_file_or_take_an_address() {
    let site = fixture("authoring");
    let existing = site.root.join("content/guides/getting-started.md");
    let before = std::fs::read(&existing).unwrap();
    let o = new_page(&site.root, "guides", "Getting Started");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&existing).unwrap(), before);

    // A file whose name differs but whose address is the same.
    let good = fixture("good");
    let o = new_page(&good.root, "case-studies", "Gamma Café");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("Gamma Café.md already has the address"),
        "{}",
        stderr(&o)
    );
    assert!(
        !good
            .root
            .join("content/case-studies/gamma-café.md")
            .exists()
    );
}

#[test]
fn new_names_the_closest_collection() {
    let site = fixture("authoring");
    let o = new_page(&site.root, "case-study", "X");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("there is no collection `case-study`"), "{err}");
    assert!(err.contains("did you mean `case-studies`?"), "{err}");
    let o = new_page(&site.root, "zzz", "X");
    assert!(stderr(&o).contains("the collections are: building-blocks, case-studies, guides"));
}

#[test]
fn schema_validates_the_sample_playbook() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let o = schema(root, tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let config = placebook::config::Config::load(root).unwrap();
    let mut checked = 0;
    for file in markdown_files(&root.join("content")) {
        let rel = file.strip_prefix(root.join("content")).unwrap();
        let schema_file = match rel.components().count() {
            1 => "pages.schema.json".to_owned(),
            _ => {
                let collection = rel
                    .components()
                    .next()
                    .unwrap()
                    .as_os_str()
                    .to_string_lossy();
                assert!(config.collections.contains_key(collection.as_ref()));
                format!("{collection}.schema.json")
            }
        };
        let v = validator(tmp.path(), &schema_file);
        let fm = front_matter(&file);
        let errors: Vec<String> = v.iter_errors(&fm).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} files");
}

#[test]
fn schema_rejects_an_unknown_field_a_wrong_type_and_an_unknown_block() {
    let site = fixture("authoring");
    let tmp = tempfile::tempdir().unwrap();
    assert!(schema(&site.root, tmp.path()).status.success());
    let v = validator(tmp.path(), "case-studies.schema.json");
    let good = front_matter(&site.root.join("content/case-studies/alpha-town.md"));
    assert!(v.is_valid(&good));
    let with = |key: &str, value: Value| {
        let mut fm = good.clone();
        fm[key] = value;
        fm
    };
    let unknown = with("sumary", json!("A town."));
    let e: Vec<String> = v.iter_errors(&unknown).map(|e| e.to_string()).collect();
    assert!(e.iter().any(|m| m.contains("sumary")), "{e:?}");
    assert!(!v.is_valid(&with("year", json!("soon"))));
    assert!(!v.is_valid(&with("draft", json!("yes"))));
    assert!(!v.is_valid(&with("building_blocks", json!(["pooled-resource"]))));
    assert!(v.is_valid(&with("building_blocks", json!("shared-purpose"))));
    assert!(
        !v.is_valid(&with("number", json!(3))),
        "number is a block field"
    );

    let blocks = validator(tmp.path(), "building-blocks.schema.json");
    let block = front_matter(&site.root.join("content/building-blocks/shared-purpose.md"));
    assert!(blocks.is_valid(&block));
    let mut no_number = block.clone();
    no_number.as_object_mut().unwrap().remove("number");
    assert!(!blocks.is_valid(&no_number));
}

#[test]
fn schema_follows_the_code_and_the_site() {
    let site = fixture("authoring");
    let tmp = tempfile::tempdir().unwrap();
    let o = schema(&site.root, tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let mut written: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "building-blocks.schema.json",
            "case-studies.schema.json",
            "guides.schema.json",
            "pages.schema.json"
        ]
    );
    for (file, kind) in [
        ("building-blocks.schema.json", Kind::BuildingBlock),
        ("case-studies.schema.json", Kind::CaseStudy),
        ("guides.schema.json", Kind::Page),
    ] {
        let s: Value =
            serde_json::from_str(&std::fs::read_to_string(tmp.path().join(file)).unwrap()).unwrap();
        let mut props: Vec<&str> = s["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        props.sort();
        let mut expected: Vec<&str> = FIELDS
            .iter()
            .filter(|f| f.kinds.contains(&kind))
            .map(|f| f.name)
            .collect();
        expected.sort();
        assert_eq!(props, expected, "{file}");
        let required: Vec<&str> = FIELDS
            .iter()
            .filter(|f| f.required_for.contains(&kind))
            .map(|f| f.name)
            .collect();
        assert_eq!(s["required"], json!(required), "{file}");
    }
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("case-studies.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        case["properties"]["building_blocks"]["anyOf"][1]["items"]["enum"],
        json!(["pooled-resources", "shared-purpose"])
    );

    // A new block is in the next schema.
    assert!(
        new_page(&site.root, "building-blocks", "Shared data")
            .status
            .success()
    );
    assert!(schema(&site.root, tmp.path()).status.success());
    let v = validator(tmp.path(), "case-studies.schema.json");
    assert!(v.is_valid(
        &json!({"title": "T", "summary": "S", "place": "P", "building_blocks": ["shared-data"]})
    ));
}

#[test]
fn schema_default_output_is_the_schemas_folder() {
    let site = fixture("authoring");
    let o = placebook()
        .args(["schema", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.root.join("schemas/case-studies.schema.json").is_file());
    assert!(
        stdout(&o).contains("(for content/case-studies/**/*.md)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn cms_config_names_every_collection_and_field() {
    let site = fixture("authoring");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(site.out().join("admin/config.yml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let cms: Value = serde_json::to_value(yaml).unwrap();
    assert_eq!(
        cms["backend"],
        json!({"name": "github", "repo": "example-org/authoring-playbook", "branch": "main"})
    );
    assert_eq!(cms["site_url"], "https://example.org/authoring/");
    let config = placebook::config::Config::load(&site.root).unwrap();
    let collections = cms["collections"].as_array().unwrap();
    let mut expected_collections: Vec<(String, String, Kind)> = config
        .collections
        .iter()
        .map(|(k, c)| (k.clone(), format!("content/{k}"), c.kind))
        .collect();
    expected_collections.push(("pages".into(), "content".into(), Kind::Page));
    assert_eq!(collections.len(), expected_collections.len());
    for (name, folder, kind) in expected_collections {
        let c = collections
            .iter()
            .find(|c| c["name"] == name.as_str())
            .unwrap_or_else(|| panic!("no collection {name} in {text}"));
        assert_eq!(c["folder"], folder.as_str());
        assert_eq!(c["create"], true);
        let names: Vec<&str> = c["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        let mut expected: Vec<&str> = FIELDS
            .iter()
            .filter(|f| f.kinds.contains(&kind))
            .map(|f| f.name)
            .collect();
        expected.push("body");
        assert_eq!(names, expected, "{name}");
        for f in c["fields"].as_array().unwrap() {
            let required = FIELDS
                .iter()
                .find(|x| x.name == f["name"])
                .is_some_and(|x| x.required_for.contains(&kind));
            assert_eq!(f["required"], required, "{name}.{}", f["name"]);
        }
    }
    let field = |collection: &str, name: &str| {
        collections
            .iter()
            .find(|c| c["name"] == collection)
            .unwrap()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    let bb = field("case-studies", "building_blocks");
    assert_eq!(
        (&bb["widget"], &bb["collection"], &bb["multiple"]),
        (&json!("relation"), &json!("building-blocks"), &json!(true))
    );
    let sources: Vec<Value> = field("guides", "sources")["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].clone())
        .collect();
    assert_eq!(
        sources,
        [
            json!("title"),
            json!("url"),
            json!("date"),
            json!("publisher")
        ]
    );

    let admin = html(&site.out().join("admin/index.html"));
    let scripts = attrs(&admin, "script", "src");
    assert!(
        scripts.iter().any(|s| s.contains("decap-cms")),
        "{scripts:?}"
    );
}

#[test]
fn cms_is_off_unless_the_config_turns_it_on() {
    let site = fixture("good");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.out().join("admin").exists());

    let site = fixture("authoring");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    site.write(
        "placebook.yaml",
        config.replace(
            "cms: { backend: github,",
            "cms: { backend: github, brnach: x,",
        ),
    );
    let o = build(&site.root, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("unknown field `brnach`"), "{err}");
    assert!(err.contains("did you mean `branch`?"), "{err}");
    assert!(
        locations(&err)
            .iter()
            .any(|l| l.starts_with("placebook.yaml:8:")),
        "{err}"
    );
}

#[test]
fn schema_validates_both_languages_of_a_bilingual_playbook() {
    let site = fixture("bilingual");
    let tmp = tempfile::tempdir().unwrap();
    let o = schema(&site.root, tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let mut welsh = 0;
    for file in markdown_files(&site.root.join("content")) {
        let rel = file.strip_prefix(site.root.join("content")).unwrap();
        let mut parts = rel.components();
        let schema_file = match (parts.next(), parts.next()) {
            (Some(c), Some(_)) => format!("{}.schema.json", c.as_os_str().to_string_lossy()),
            _ => "pages.schema.json".to_owned(),
        };
        let v = validator(tmp.path(), &schema_file);
        let fm = front_matter(&file);
        let errors: Vec<String> = v.iter_errors(&fm).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
        welsh += usize::from(rel.to_string_lossy().ends_with(".cy.md"));
    }
    assert!(welsh >= 3, "only {welsh} Welsh files");
    // A Welsh case study may name its block by the Welsh slug or the English one; a
    // slug neither language has is still refused.
    let v = validator(tmp.path(), "case-studies.schema.json");
    let mut fm = front_matter(&site.root.join("content/case-studies/cardiff.cy.md"));
    fm["building_blocks"] = json!(["pwrpas-cyffredin"]);
    assert!(v.is_valid(&fm), "the Welsh slug");
    fm["building_blocks"] = json!(["no-such-block"]);
    assert!(!v.is_valid(&fm));
}
