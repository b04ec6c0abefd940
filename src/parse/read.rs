//! Reading one file safely: never block on a FIFO or device, never read more than a cap.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Default cap on how much of one file is read (5 MB): an article is a few KB; a file far
/// larger is a mistake in the drop directory and must not cost unbounded memory.
pub const DEFAULT_MAX_BYTES: u64 = 5 * 1024 * 1024;

/// The head of a file, up to the cap.
#[derive(Debug)]
pub struct FileBytes {
    pub bytes: Vec<u8>,
    /// Size of the whole file.
    pub size: u64,
    /// The file was larger than the cap: `bytes` is its head.
    pub truncated: bool,
    /// When the file was last written (seconds since the Unix epoch), if the system says.
    pub modified: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not a regular file")]
    NotRegular,
    #[error("permission denied")]
    PermissionDenied,
    #[error("file vanished before it could be read")]
    Gone,
    #[error("cannot read: {0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
            std::io::ErrorKind::NotFound => ReadError::Gone,
            _ => ReadError::Io(e),
        }
    }
}

pub fn read_capped(path: &Path, max_bytes: u64) -> Result<FileBytes, ReadError> {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. The
    // type check below then refuses it without reading.
    let mut file: File = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular);
    }
    let size = meta.len();
    let bytes = read_up_to(&mut file, size.min(max_bytes) as usize)?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs());
    Ok(FileBytes {
        modified,
        truncated: size > max_bytes,
        bytes,
        size,
    })
}

/// Up to `want` bytes: the size the file had when it was opened, or the cap. Reading stops
/// there rather than at end of file, which saves a second read(2) per file that would only
/// find the end; bytes appended after the open belong to a later event anyway.
fn read_up_to(file: &mut File, want: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0; want];
    let mut filled = 0;
    while filled < want {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_cap_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        std::fs::write(&path, vec![b'a'; 1000]).unwrap();
        let read = read_capped(&path, 100).unwrap();
        assert_eq!(read.bytes.len(), 100);
        assert_eq!(read.size, 1000);
        assert!(read.truncated);
        assert!(!read_capped(&path, 5000).unwrap().truncated);
    }

    #[test]
    fn fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipe.txt");
        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert!(matches!(
            read_capped(&path, 100),
            Err(ReadError::NotRegular)
        ));
    }

    #[test]
    fn missing_file_is_gone() {
        assert!(matches!(
            read_capped(Path::new("/nonexistent/x.txt"), 10),
            Err(ReadError::Gone)
        ));
    }
}
