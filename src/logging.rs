//! Logs go to a file, never to the terminal (the console owns it).

use std::path::PathBuf;

/// Start logging to `file`, or to watchdesk.log in the XDG state directory. The returned guard
/// flushes the log when dropped. Logging that cannot start is not fatal.
pub fn init(file: Option<PathBuf>) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let path = file.or_else(|| {
        let dirs = directories::ProjectDirs::from("", "", "watchdesk")?;
        let dir = dirs.state_dir().unwrap_or(dirs.cache_dir()).to_path_buf();
        Some(dir.join("watchdesk.log"))
    })?;
    let dir = path.parent()?.to_path_buf();
    std::fs::create_dir_all(&dir).ok()?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter = tracing_subscriber::EnvFilter::try_from_env("WATCHDESK_LOG")
        .unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(guard)
}
