//! The `placebook` command: parse the arguments, run, exit with the code `cli::run` gives.

use clap::Parser;
use placebook::cli::{Cli, Command};

/// mimalloc (its v2, which holds less memory than v3 here): a build allocates and frees
/// millions of small strings and values across threads, where it is markedly faster
/// than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option. The sys crate names the option after it,
/// `use_numa_nodes`; in mimalloc's option list (v2 and v3) `purge_delay` comes
/// immediately before it. A test below checks it holds purge_delay's default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = libmimalloc_sys::mi_option_use_numa_nodes - 1;

/// Keeps freed memory for reuse instead of returning it to the system during a one-off
/// command: a build frees and reallocates hundreds of megabytes, and memory handed
/// back is faulted in (and zeroed by the kernel) again at a cost of about a tenth of a
/// build's time. `serve` and `lsp` run for hours, so they keep mimalloc's default.
fn keep_freed_memory() {
    // SAFETY: sets one integer option, before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    without_huge_pages();
}

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
    if matches!(cli.command, Command::Build(_) | Command::Check(_)) {
        keep_freed_memory();
    }
    std::process::exit(placebook::cli::run(cli));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_the_option_it_claims_to_be() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads one integer option.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        // mimalloc v2 sets `purge_delay` to 10 ms by default (src/options.c); no option near
        // it has that default (use_numa_nodes is 0, arena_eager_commit 2).
        assert_eq!(default, 10);
    }
}
