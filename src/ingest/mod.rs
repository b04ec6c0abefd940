//! Finding article files: the backlog walk now, the live watcher next.

pub mod walk;
