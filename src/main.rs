//! The `placebook` command: parse the arguments, run, exit with the code `cli::run` gives.

use clap::Parser;

fn main() {
    let cli = placebook::cli::Cli::parse();
    std::process::exit(placebook::cli::run(cli));
}
