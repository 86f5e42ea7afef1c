//! The command line: arguments (clap), running a command, printing diagnostics, and
//! the exit code (0 success, 1 content or build errors, 2 usage errors).

use crate::build::{BuildOptions, build};
use crate::diagnostic::Diagnostics;
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
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
    /// Create a new playbook with a config, two building blocks and a case study.
    Init(InitArgs),
    /// Create a page in a collection, with every field of its kind ready to fill in.
    New(NewArgs),
    /// Write a JSON Schema of the front matter of each collection, for editors.
    Schema(SchemaArgs),
}

/// Arguments of `placebook build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder, holding content/ and placebook.yaml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
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

/// Arguments of `placebook init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the playbook in.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Write into a folder that is not empty (existing files with the same names are replaced).
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
    /// The site folder, holding content/ and placebook.yaml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// Arguments of `placebook schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The site folder, holding content/ and placebook.yaml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the schemas [default: <root>/schemas].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
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
        for d in sorted.iter().filter(|d| d.is_error() || !self.quiet) {
            out.push_str(&d.render(self.color));
            out.push('\n');
        }
        eprint!("{out}");
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let printer = Printer::from_cli(&cli);
    match cli.command {
        Command::Build(args) => run_build(args, printer),
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
        Command::Schema(args) => run_schema(args, printer),
    }
}

fn run_new(args: NewArgs, printer: Printer) -> i32 {
    match crate::authoring::new_page::create(&args.root, &args.collection, &args.title) {
        Ok(created) => {
            if !printer.quiet {
                println!("{}", created.path.display());
                if created.placeholders > 0 {
                    eprintln!(
                        "Fill in the {} marked TODO, then build with: placebook build --root {}",
                        plural(created.placeholders, "field", "fields"),
                        args.root.display()
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

fn run_schema(args: SchemaArgs, printer: Printer) -> i32 {
    match crate::authoring::schema::write(&args.root, args.output.as_deref()) {
        Ok(written) => {
            if !printer.quiet {
                for (path, file) in &written.files {
                    println!("{}  (for {})", path.display(), file.applies_to);
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

fn run_build(args: BuildArgs, printer: Printer) -> i32 {
    let start = Instant::now();
    let opts = BuildOptions {
        root: args.root,
        output: args.output,
        drafts: args.drafts,
        base_url: args.base_url,
        force: args.force,
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
            if !printer.quiet {
                println!(
                    "Built {} ({}) into {} in {:.2} s, {}.",
                    plural(report.pages, "page", "pages"),
                    plural(report.files, "file", "files"),
                    report.output.display(),
                    start.elapsed().as_secs_f64(),
                    plural(report.diagnostics.warning_count(), "warning", "warnings")
                );
            }
            0
        }
        Err(diags) => {
            printer.diagnostics(&diags);
            eprintln!(
                "Build failed with {} and {}; {} was left as it was.",
                plural(diags.error_count(), "error", "errors"),
                plural(diags.warning_count(), "warning", "warnings"),
                output.display()
            );
            1
        }
    }
}
