//! SHA-256 as lowercase hex: of a package's bytes (`source.sha256`, the report), of a file
//! read through in pieces (a package read without its media), and of a part name (the hash
//! that keeps two shortened media names apart).

use sha2::{Digest, Sha256};

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A SHA-256 fed piece by piece: a file too large to hold is hashed as it is read.
#[derive(Default)]
pub(crate) struct Sha256Writer(Sha256);

impl Sha256Writer {
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish_hex(self) -> String {
        hex(&self.0.finalize())
    }
}

fn hex(digest: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for &b in digest {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}
