//! What the store takes from its surroundings: where the state file is, who is acting, and
//! the time.

use std::ffi::CStr;
use std::path::PathBuf;

use time::OffsetDateTime;

/// The environment variable that points every console of a desk at one shared file.
pub const STATE_ENV: &str = "WATCHDESK_STATE";

/// The state file: `--state PATH`, else `$WATCHDESK_STATE`, else `triage.sqlite3` in the XDG
/// data directory (`~/.local/share/watchdesk/`).
pub fn state_path(cli: Option<PathBuf>) -> Option<PathBuf> {
    cli.or_else(|| {
        std::env::var_os(STATE_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .or_else(|| {
        let dirs = directories::ProjectDirs::from("", "", "watchdesk")?;
        Some(dirs.data_dir().join("triage.sqlite3"))
    })
}

/// The Unix user running this process: the name of the real uid, which `su`, `sudo -u` and
/// SSH all set, then `$USER`, then the bare uid. It labels who did what for colleagues;
/// it is not an access control.
pub fn current_user() -> String {
    // SAFETY: getuid cannot fail.
    let uid = unsafe { libc::getuid() };
    user_name(uid)
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| format!("uid {uid}"))
}

fn user_name(uid: libc::uid_t) -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: an all-zero passwd is a valid value for getpwuid_r to overwrite.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call and buf's length is passed with it.
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) };
    if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: on success pw_name points to a NUL-terminated string inside buf.
    let name = unsafe { CStr::from_ptr(pwd.pw_name) };
    Some(name.to_string_lossy().into_owned()).filter(|n| !n.is_empty())
}

/// Now, as the store writes times.
pub fn timestamp_now() -> String {
    timestamp(OffsetDateTime::now_utc())
}

/// UTC RFC 3339 with milliseconds and a fixed width (`2026-05-01T09:30:00.250Z`), so that
/// comparing the strings compares the times (in SQL as in Rust).
pub fn timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_fixed_width_utc() {
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_700_000_000_005_000_000).unwrap();
        assert_eq!(timestamp(t), "2023-11-14T22:13:20.005Z");
        let later = t + time::Duration::milliseconds(995);
        assert!(timestamp(t) < timestamp(later));
    }

    #[test]
    fn the_user_has_a_name() {
        assert!(!current_user().is_empty());
    }

    #[test]
    fn the_command_line_wins() {
        let p = state_path(Some("/x/y.sqlite3".into()));
        assert_eq!(p, Some(PathBuf::from("/x/y.sqlite3")));
    }
}
