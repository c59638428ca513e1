//! Work shared out over the cores: the specs of a workspace, one per thread (a syn tree holds
//! `proc_macro2` token streams, which cannot cross threads, so one spec is not split).
//!
//! One rayon pool of our own rather than rayon's global one, because progenitor and typify
//! recurse along a spec's nesting and need the 8 MiB stack the main thread has (rayon's
//! threads get 2 MiB), and a library must not configure its caller's global pool.

use std::sync::OnceLock;

use rayon::prelude::*;

/// The stack of a worker thread: what progenitor and typify have always run with.
const WORKER_STACK: usize = 8 << 20;

/// The pool, or `None` if no thread could be had (then the work runs on the calling thread).
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(WORKER_STACK)
            .thread_name(|index| format!("generator-{index}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// `work` applied to every item, on every core; results in `items`' order.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    match pool() {
        Some(pool) if items.len() > 1 => pool.install(|| items.par_iter().map(&work).collect()),
        _ => items.iter().map(work).collect(),
    }
}
