//! The `placebook` command: parse the arguments, run, exit with the code `cli::run` gives.

use clap::Parser;

/// mimalloc: a build allocates and frees millions of small strings and values across
/// threads, where it is markedly faster than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = placebook::cli::Cli::parse();
    std::process::exit(placebook::cli::run(cli));
}
