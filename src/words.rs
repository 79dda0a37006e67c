//! Bytes tested eight at a time, as one word, with no branch per byte: the JSON writer's
//! escape scan and the XML tag-end scan.

/// Every byte with its lowest bit set, and with its highest.
pub(crate) const LOW: u64 = 0x0101_0101_0101_0101;
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes of `x` that are zero have their high bit set, and maybe a byte that is 1 and
/// follows a zero one (the subtraction's borrow): whether any byte is zero is whether any
/// high bit is; where they are is a superset, which a caller looking at places checks.
pub(crate) const fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LOW) & !x
}

/// The high bit of every byte of `word` that is `b`, and maybe of a byte that differs from
/// `b` in the lowest bit and follows one that is `b` (see [`zero_bytes`]).
pub(crate) const fn bytes_equal(word: u64, b: u8) -> u64 {
    zero_bytes(word ^ (LOW * b as u64)) & HIGH
}

/// The eight bytes of `bytes` from `i` as a word, the first lowest; past the end, `pad`.
#[inline]
pub(crate) fn word_at(bytes: &[u8], i: usize, pad: u8) -> u64 {
    let rest = &bytes[i..];
    match rest.first_chunk::<8>() {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => {
            let mut padded = [pad; 8];
            padded[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(padded)
        }
    }
}
