//! ZIP access with limits, content types, relationships, part-name resolution.
use crate::{Error, ErrorKind, Result};
use std::io::Read;
use std::path::Path;

/// Read a whole file, refusing one larger than `max` bytes.
pub(crate) fn read_file_limited(path: &Path, max: u64) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(Error::new(ErrorKind::LimitExceeded {
            limit: "input size in bytes",
            max,
        }));
    }
    Ok(bytes)
}
