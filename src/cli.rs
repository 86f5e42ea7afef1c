//! The command line: arguments (clap), running a command, printing diagnostics, and
//! the exit code (0 success, 1 content or build errors, 2 usage errors).

pub mod root;

use crate::build::{BuildOptions, build};
use crate::diagnostic::{Diagnostic, Diagnostics};
use clap::{Args, Parser, Subcommand};
use root::SiteRoot;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// placebook builds a searchable static site from a place playbook: building-block
/// guides and case studies written as markdown with YAML front matter.
#[derive(Debug, Parser)]
#[command(name = "placebook", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print the time each phase took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into an output folder (default: public/).
    Build(BuildArgs),
    /// Build a preview of the site (into .placebook-cache/serve/, not public/), serve it
    /// on this computer, and rebuild and reload the browser whenever a file changes
    /// (errors are shown in the browser and here, while the last good version stays
    /// served).
    Serve(ServeArgs),
    /// Check the site without writing it: every error a build finds, plus warnings about
    /// pages nothing links to, unused building blocks, missing sources and alt text, and
    /// duplicate titles; with --external, broken links to other sites.
    Check(CheckArgs),
    /// Create a new playbook with a config, two building blocks and a case study.
    Init(InitArgs),
    /// Create a page in a collection, with every field of its kind ready to fill in.
    New(NewArgs),
    /// Write the translation of a page beside it (oldham.md to oldham.cy.md), with its
    /// front matter and text copied to translate, in a playbook of several languages.
    Translate(TranslateArgs),
    /// Write a JSON Schema of the front matter of each collection, for editors.
    Schema(SchemaArgs),
    /// Run a language server on standard input and output, for editors: the build's
    /// checks of front matter as you type, completion of fields and values, and hover help.
    Lsp,
    /// Explain an error or warning code (such as unknown-field): what it means and how to
    /// fix it; without a code, list every code.
    Explain(ExplainArgs),
}

/// Arguments of `placebook build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The playbook's folder, holding placebook.yaml and content/ [default: the nearest
    /// folder, from this one up, that holds placebook.yaml].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Where to write the site [default: <root>/public].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// The public address of the site (overrides base_url in placebook.yaml).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Replace an output folder that holds files placebook did not write.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `placebook serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The playbook's folder, holding placebook.yaml and content/ [default: the nearest
    /// folder, from this one up, that holds placebook.yaml].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Where to write the preview [default: <root>/.placebook-cache/serve]. Its links
    /// name the local address: it is not a site to publish.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The port to listen on [default: 4000, or the next free one]; 0 for any free port.
    #[arg(short, long, value_name = "N")]
    pub port: Option<u16>,
    /// The address to listen on. The default serves this computer only; 0.0.0.0 also
    /// serves others on the network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default web browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Replace an output folder that holds files placebook did not write.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `placebook check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The playbook's folder, holding placebook.yaml and content/ [default: the nearest
    /// folder, from this one up, that holds placebook.yaml].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Also check links to other sites (http and https), over the network.
    #[arg(long)]
    pub external: bool,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    pub strict: bool,
    /// How to print the problems: text for people, json for editors and CI.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// The public address of the site (overrides base_url in placebook.yaml), as for build.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// With --external: seconds to wait for each address (0.1 to 600).
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 10.0,
        requires = "external",
        value_parser = number_in(0.1, 600.0)
    )]
    pub timeout: f64,
    /// With --external: the most requests to one host at a time (1 to 64).
    #[arg(long, value_name = "N", default_value_t = 2, requires = "external",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub per_host: u16,
    /// With --external: hours an address that worked is trusted without asking again
    /// (cached in .placebook-cache/); 0 asks every time, at most 8760 (a year).
    #[arg(
        long,
        value_name = "HOURS",
        default_value_t = 24.0,
        requires = "external",
        value_parser = number_in(0.0, 8760.0)
    )]
    pub cache_hours: f64,
}

/// Output formats of `placebook check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Each problem with its file, line and column, the line and a caret, and a help line.
    Text,
    /// One JSON object: {version, errors, warnings, diagnostics: [{file, line, column,
    /// severity, code, message, suggestion}]} (see the README).
    Json,
}

/// Arguments of `placebook init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the playbook in.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Write into a folder that is not empty (files already there are kept, never replaced).
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `placebook new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The collection (folder under content/) to add the page to, e.g. case-studies.
    #[arg(value_name = "COLLECTION")]
    pub collection: String,
    /// The page's title, in quotes if it has spaces; the file name is made from it.
    #[arg(value_name = "TITLE")]
    pub title: String,
    /// The playbook's folder, holding placebook.yaml and content/ [default: the nearest
    /// folder, from this one up, that holds placebook.yaml].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

/// Arguments of `placebook translate`.
#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// The page to translate, e.g. content/case-studies/oldham.md.
    #[arg(value_name = "PAGE")]
    pub page: String,
    /// The language to translate into, one of `languages:` [default: the second, when
    /// there are two].
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// The playbook's folder, holding placebook.yaml and content/ [default: the nearest
    /// folder, from this one up, that holds placebook.yaml].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

/// Arguments of `placebook schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The playbook's folder, holding placebook.yaml and content/ [default: the nearest
    /// folder, from this one up, that holds placebook.yaml].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Where to write the schemas [default: <root>/schemas].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// Arguments of `placebook explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code, as in `error[unknown-field]`: `unknown-field` (the whole header works too).
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
}

/// How output is printed.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    quiet: bool,
    verbose: bool,
    color: bool,
}

impl Printer {
    fn from_cli(cli: &Cli) -> Self {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Printer {
            quiet: cli.quiet,
            verbose: cli.verbose,
            color,
        }
    }

    /// Prints diagnostics to stderr (warnings are hidden with `--quiet`).
    pub fn diagnostics(&self, diags: &Diagnostics) {
        let mut sorted = diags.clone();
        sorted.sort();
        let mut out = String::new();
        let shown: Vec<&Diagnostic> = sorted
            .iter()
            .filter(|d| d.is_error() || !self.quiet)
            .collect();
        for d in &shown {
            out.push_str(&d.render(self.color));
            out.push('\n');
        }
        out.push_str(&summary_of_repeats(&shown));
        eprint!("{out}");
    }
}

/// After a long list of messages (ten or more), the codes that come again
/// and again, with what they are about, so a person sees the few mistakes behind them;
/// empty otherwise.
fn summary_of_repeats(shown: &[&Diagnostic]) -> String {
    const LONG_LIST: usize = 10;
    let repeats = crate::diagnostic::repeated(shown.iter().copied(), 4);
    if shown.len() < LONG_LIST || repeats.is_empty() {
        return String::new();
    }
    let mut out = String::from("note: most of these messages are the same few mistakes:\n");
    for r in repeats {
        // The names that come more than once: what is behind the repeats.
        let again: Vec<String> = r
            .about
            .iter()
            .filter(|(_, n)| *n > 1)
            .map(|(name, n)| format!("`{name}` {n}"))
            .collect();
        let about = match again.len() {
            0 => String::new(),
            1..=6 if again.len() == r.about.len() => format!(" ({})", again.join(", ")),
            _ => format!(" ({}, ...)", again[..again.len().min(6)].join(", ")),
        };
        out.push_str(&format!("  {} × {}{about}\n", r.count, r.code));
    }
    out.push_str("  `placebook explain CODE` says what a code means and how to fix it.\n\n");
    out
}

/// A parser for a number from `low` to `high`, with an error that says the range.
fn number_in(low: f64, high: f64) -> impl Fn(&str) -> Result<f64, String> + Clone {
    move |text: &str| {
        let n: f64 = text
            .trim()
            .parse()
            .map_err(|_| format!("`{text}` is not a number"))?;
        if n.is_finite() && (low..=high).contains(&n) {
            Ok(n)
        } else {
            Err(format!(
                "{text} is out of range: give a number from {low} to {high}"
            ))
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `path` as it is shown: without a leading `./` (a path inside the current folder
/// reads as `public`, not `./public`).
fn shown(path: &Path) -> std::path::Display<'_> {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.display(),
        _ => path.display(),
    }
}

/// The playbook a command works on ([`root`]): the folder given with `--root`, or the
/// nearest one from here up that holds placebook.yaml. When there is none, says why
/// and gives the exit code of a usage error.
fn site_root(given: Option<&Path>) -> Result<SiteRoot, i32> {
    root::from_current_folder(given).map_err(|e| {
        eprintln!("error: {e}\nhelp: {}", e.help());
        2
    })
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let printer = Printer::from_cli(&cli);
    match cli.command {
        Command::Build(args) => run_build(args, printer),
        Command::Serve(args) => run_serve(args, printer),
        Command::Check(args) => run_check(args, printer),
        Command::Init(args) => match crate::init::init(&args.dir, args.force) {
            Ok(files) => {
                if !printer.quiet {
                    println!(
                        "Created a new playbook in {} ({}).",
                        args.dir.display(),
                        plural(files.len(), "file", "files")
                    );
                    println!(
                        "Build it with: placebook build --root {}",
                        args.dir.display()
                    );
                }
                0
            }
            Err(d) => {
                printer.diagnostics(&vec![d].into());
                1
            }
        },
        Command::New(args) => run_new(args, printer),
        Command::Translate(args) => run_translate(args, printer),
        Command::Schema(args) => run_schema(args, printer),
        Command::Lsp => crate::lsp::run(),
        Command::Explain(args) => run_explain(args),
    }
}

fn run_explain(args: ExplainArgs) -> i32 {
    use crate::diagnostic::codes::{self, CODES};
    let Some(wanted) = args.code else {
        let width = CODES.iter().map(|c| c.name.len()).max().unwrap_or(0);
        for c in CODES {
            println!("{:<width$}  {}", c.name, c.meaning);
        }
        return 0;
    };
    match codes::find(&wanted) {
        Some(c) => {
            println!(
                "{}\n\nWhat it means: {}\nHow to fix it: {}",
                c.name, c.meaning, c.fix
            );
            0
        }
        None => {
            eprintln!("error: there is no code `{}`", wanted.trim());
            match crate::diagnostic::closest(wanted.trim(), CODES.iter().map(|c| c.name)) {
                Some(near) => eprintln!("help: did you mean `{near}`?"),
                None => eprintln!("help: `placebook explain` with no code lists every code"),
            }
            2
        }
    }
}

fn run_new(args: NewArgs, printer: Printer) -> i32 {
    let root = match site_root(args.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    match crate::authoring::new_page::create(&root.path, &args.collection, &args.title) {
        Ok(created) => {
            if !printer.quiet {
                println!("{}", shown(&created.path));
                if created.placeholders > 0 {
                    eprintln!(
                        "Fill in the {} marked TODO, then build with: {}",
                        plural(created.placeholders, "field", "fields"),
                        root.command("build")
                    );
                }
            }
            0
        }
        Err(diags) => {
            printer.diagnostics(&diags);
            1
        }
    }
}

fn run_translate(args: TranslateArgs, printer: Printer) -> i32 {
    let root = match site_root(args.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    match crate::authoring::translate::create(&root.path, &args.page, args.lang.as_deref()) {
        Ok(created) => {
            if !printer.quiet {
                println!("{}", shown(&created.path));
                eprintln!(
                    "Translate the text and the {} marked TODO, then build with: {}",
                    plural(created.placeholders, "field", "fields"),
                    root.command("build")
                );
            }
            0
        }
        Err(diags) => {
            printer.diagnostics(&diags);
            1
        }
    }
}

fn run_schema(args: SchemaArgs, printer: Printer) -> i32 {
    let root = match site_root(args.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    match crate::authoring::schema::write(&root.path, args.output.as_deref()) {
        Ok(written) => {
            if !printer.quiet {
                for (path, file) in &written.files {
                    println!("{}  (for {})", shown(path), file.applies_to);
                }
                let problems = written.content_problems.error_count();
                if problems > 0 {
                    eprintln!(
                        "note: content/ has {}; building blocks in files with errors may be missing from the schemas (placebook build lists them)",
                        plural(problems, "error", "errors")
                    );
                }
            }
            0
        }
        Err(diags) => {
            printer.diagnostics(&diags);
            1
        }
    }
}

fn seconds(value: f64) -> std::time::Duration {
    std::time::Duration::try_from_secs_f64(value.max(0.0)).unwrap_or(std::time::Duration::MAX)
}

fn run_check(args: CheckArgs, printer: Printer) -> i32 {
    use crate::check::{self, CheckOptions, external::ExternalOptions, http::HttpSettings};
    let start = Instant::now();
    let root = match site_root(args.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let opts = CheckOptions {
        root: root.path,
        drafts: args.drafts,
        base_url: args.base_url,
        external: args.external.then(|| ExternalOptions {
            http: HttpSettings {
                timeout: seconds(args.timeout),
                per_host: usize::from(args.per_host),
                ..HttpSettings::default()
            },
            cache_max_age: seconds(args.cache_hours * 3600.0),
        }),
    };
    let report = check::check(&opts);
    let code = report.exit_code(args.strict);
    if args.format == Format::Json {
        println!("{}", check::json::to_string(&report.diagnostics));
        return code;
    }
    printer.diagnostics(&report.diagnostics);
    if !printer.quiet || code != 0 {
        let counts = format!(
            "{} and {}",
            plural(report.diagnostics.error_count(), "error", "errors"),
            plural(report.diagnostics.warning_count(), "warning", "warnings")
        );
        let what = match (report.pages, report.external) {
            (None, _) => "checked the playbook".to_owned(),
            (Some(pages), None) => {
                format!("checked {} from content", plural(pages, "page", "pages"))
            }
            (Some(pages), Some(ext)) => format!(
                "checked {} from content and {} ({} from the cache)",
                plural(pages, "page", "pages"),
                plural(ext.links, "external link", "external links"),
                ext.cached
            ),
        };
        let verdict = match code {
            0 => "",
            _ if report.diagnostics.has_errors() => " Fix the errors above, then check again.",
            _ => " --strict fails on warnings.",
        };
        let mut chars = what.chars();
        let first = chars.next().map(|c| c.to_uppercase().to_string());
        println!(
            "{}{} in {:.2} s: {counts}.{verdict}",
            first.unwrap_or_default(),
            chars.as_str(),
            start.elapsed().as_secs_f64()
        );
    }
    code
}

fn run_build(args: BuildArgs, printer: Printer) -> i32 {
    let start = Instant::now();
    let root = match site_root(args.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let opts = BuildOptions {
        root: root.path,
        output: args.output,
        drafts: args.drafts,
        base_url: args.base_url,
        force: args.force,
        preview: false,
    };
    let output = opts.output_dir();
    match build(&opts) {
        Ok(report) => {
            printer.diagnostics(&report.diagnostics);
            if printer.verbose {
                for (phase, t) in &report.timings {
                    eprintln!("  {phase:<14} {:>8.1} ms", t.as_secs_f64() * 1000.0);
                }
            }
            if let Some(warnings) = report.up_to_date {
                if !printer.quiet {
                    println!(
                        "Nothing changed since the last build: {} is up to date ({} from content, {}{}).",
                        shown(&report.output),
                        plural(report.pages, "page", "pages"),
                        plural(warnings, "warning", "warnings"),
                        if warnings > 0 {
                            "; `placebook check` lists them"
                        } else {
                            ""
                        }
                    );
                }
                return 0;
            }
            if !printer.quiet {
                println!(
                    "Built {} from content ({}) into {} in {:.2} s, {}.",
                    plural(report.pages, "page", "pages"),
                    plural(report.files, "file", "files"),
                    shown(&report.output),
                    start.elapsed().as_secs_f64(),
                    plural(report.diagnostics.warning_count(), "warning", "warnings")
                );
            }
            0
        }
        Err(diags) => {
            printer.diagnostics(&diags);
            let untouched = !diags
                .iter()
                .any(|d| d.message.contains("NOT left as it was"));
            eprintln!(
                "Build failed with {} and {}; {}",
                plural(diags.error_count(), "error", "errors"),
                plural(diags.warning_count(), "warning", "warnings"),
                if untouched {
                    format!("{} was left as it was.", shown(&output))
                } else {
                    format!(
                        "{} was changed in part (see above): build again to repair it.",
                        shown(&output)
                    )
                }
            );
            1
        }
    }
}

fn run_serve(args: ServeArgs, printer: Printer) -> i32 {
    let root = match site_root(args.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let reporter = ServeReporter {
        printer,
        publish: Publish {
            command: root.command("build"),
            folder: BuildOptions::new(&root.path).output_dir(),
        },
    };
    let opts = crate::serve::ServeOptions {
        build: BuildOptions {
            root: root.path,
            output: args.output,
            drafts: args.drafts,
            base_url: None,
            force: args.force,
            preview: true,
        },
        bind: args.bind,
        port: args.port,
        open: args.open,
    };
    match crate::serve::serve(opts, reporter) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// How the site to publish is made, for serve to say so.
struct Publish {
    /// The build command, as it works from the current folder.
    command: String,
    /// The folder it writes.
    folder: PathBuf,
}

/// Prints what `placebook serve` does, as it does it.
struct ServeReporter {
    printer: Printer,
    publish: Publish,
}

/// Whether two paths name the same folder (the second may not exist yet).
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

impl crate::serve::Reporter for ServeReporter {
    fn serving(&mut self, url: &str, output: &Path, note: Option<&str>) {
        if let Some(n) = note {
            eprintln!("note: {n}");
        }
        // Always printed: it is how a reader (or a script) finds the address.
        println!("Serving {} at {url}", shown(output));
        if self.printer.quiet {
            return;
        }
        let Publish { command, folder } = &self.publish;
        if same_folder(output, folder) {
            println!(
                "{} now holds a preview whose sitemap, feed and canonical links name {url}: run `{command}` again before publishing it.",
                shown(output)
            );
        } else {
            println!(
                "This is a preview for this computer: its sitemap, feed and canonical links name {url}. `{command}` makes the site to publish, in {}.",
                shown(folder)
            );
        }
        println!("Watching for changes. Press Ctrl+C to stop.");
    }

    fn built(&mut self, pages: usize, warnings: &Diagnostics) {
        self.printer.diagnostics(warnings);
        if !self.printer.quiet {
            println!(
                "Built {} from content, {}.",
                plural(pages, "page", "pages"),
                plural(warnings.warning_count(), "warning", "warnings")
            );
        }
    }

    fn updated(&mut self, update: &crate::rebuild::Update) {
        if self.printer.quiet {
            return;
        }
        let what = if update.full {
            "Rebuilt the site"
        } else {
            "Rebuilt"
        };
        let mut line = format!(
            "{what}: {} rendered, {} written",
            plural(update.rendered, "page", "pages"),
            plural(update.written.len(), "file", "files"),
        );
        if !update.removed.is_empty() {
            line.push_str(&format!(", {} removed", update.removed.len()));
        }
        println!("{line} in {} ms.", update.elapsed.as_millis());
        if self.printer.verbose {
            for p in update.written.iter().take(20) {
                println!("  {p}");
            }
        }
    }

    fn failed(&mut self, errors: &Diagnostics) {
        let only_errors: Vec<_> = errors.iter().filter(|d| d.is_error()).cloned().collect();
        self.printer.diagnostics(&only_errors.into());
        eprintln!(
            "The site has {}; still serving the last version that built. Fix and save to try again.",
            plural(errors.error_count(), "error", "errors")
        );
    }

    fn recovered(&mut self) {
        if !self.printer.quiet {
            println!("Fixed: the site builds again.");
        }
    }

    fn watch_problem(&mut self, message: &str) {
        eprintln!("warning: watching files: {message}");
    }
}
