//! The `placebook` command: parse the arguments, run, exit with the code `cli::run` gives.

use clap::Parser;
use placebook::cli::{Cli, Command};

/// mimalloc (its v2, which holds less memory than v3 here): a build allocates and frees
/// millions of small strings and values across threads, where it is markedly faster
/// than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Asks Linux for ordinary pages rather than transparent huge pages for this process.
/// mimalloc asks for huge pages for its first arena (before `main` runs, so its own
/// option comes too late); the kernel then zeroes 2 MiB at each first touch, which was
/// 13 to 25% of a 10,000-page build's CPU time on the benchmark machine (perf;
/// docs/performance.md). Failing to set it only costs that time.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

fn main() {
    let cli = Cli::parse();
    // mimalloc's default returns memory unused for 10 ms to the system. Keeping it
    // instead (`purge_delay` -1) saved 1.5% of a 10,000-page build's time but held 34
    // MiB more, and 244 MiB more at 100,000 pages (docs/performance.md).
    if matches!(cli.command, Command::Build(_) | Command::Check(_)) {
        without_huge_pages();
    }
    std::process::exit(placebook::cli::run(cli));
}
