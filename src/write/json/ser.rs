//! The JSON writer's own serde serializer. It writes the bytes serde_json writes (compact, or
//! pretty with two-space indents) with the terminal-safe escaping of DEL and the C1 controls,
//! in one pass over each string: serde_json looks up every byte of every string in a table,
//! and the terminal-safe fragment writer searched each clean span a second time. Here eight
//! bytes are checked at once and clean spans are written whole.

use std::fmt::Display;
use std::io;

use serde::ser::{self, Serialize};

use crate::words::{self, zero_bytes, HIGH, LOW};

/// Why a value could not be written: the writer failed, or a map key was not a string.
pub(super) type Error = serde_json::Error;

type Result<T = ()> = std::result::Result<T, Error>;

/// Write `value` as JSON to `out`: serde_json's compact form, or its pretty form (`pretty`).
pub(super) fn to_writer<W: io::Write, T: Serialize + ?Sized>(
    out: &mut W,
    value: &T,
    pretty: bool,
) -> io::Result<()> {
    let mut ser = Serializer {
        out,
        pretty,
        depth: 0,
    };
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// serde's integer methods, each passing its value to `$via` (`widened`: to 64 bits first).
macro_rules! integers {
    (widened $via:ident: $($method:ident($ty:ty)),*) => {
        $(fn $method(self, v: $ty) -> Result {
            self.$via(v.into())
        })*
    };
    ($via:ident: $($method:ident($ty:ty)),*) => {
        $(fn $method(self, v: $ty) -> Result {
            self.$via(v)
        })*
    };
}

struct Serializer<'w, W> {
    out: &'w mut W,
    pretty: bool,
    /// How many arrays and objects are open (pretty output indents by it).
    depth: usize,
}

fn io_error(e: io::Error) -> Error {
    Error::io(e)
}

impl<'w, W: io::Write> Serializer<'w, W> {
    fn write(&mut self, bytes: &[u8]) -> Result {
        self.out.write_all(bytes).map_err(io_error)
    }

    fn string(&mut self, s: &str) -> Result {
        write_escaped(self.out, s).map_err(io_error)
    }

    fn unsigned(&mut self, n: u64) -> Result {
        let mut buf = [0u8; 20];
        let digits = decimal(n, &mut buf);
        self.write(digits)
    }

    fn signed(&mut self, n: i64) -> Result {
        if n < 0 {
            self.write(b"-")?;
        }
        self.unsigned(n.unsigned_abs())
    }

    /// Anything written with `Display` as serde_json writes it (128-bit integers).
    fn display(&mut self, value: impl Display) -> Result {
        write!(self.out, "{value}").map_err(io_error)
    }

    /// Open an array or object (`open` is `[` or `{`).
    fn open(&mut self, open: u8) -> Result<Compound<'_, 'w, W>> {
        self.write(&[open])?;
        self.depth += 1;
        Ok(Compound {
            ser: self,
            first: true,
        })
    }

    fn newline_and_indent(&mut self) -> Result {
        const SPACES: &[u8; 64] = &[b' '; 64];
        self.write(b"\n")?;
        let mut left = self.depth * 2;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.write(&SPACES[..n])?;
            left -= n;
        }
        Ok(())
    }

    /// `{"variant":` (pretty: `{` and the key on a line of its own) of an externally tagged
    /// enum variant with data; [`Serializer::close_variant`] closes it.
    fn open_variant(&mut self, variant: &str) -> Result {
        self.write(b"{")?;
        self.depth += 1;
        if self.pretty {
            self.newline_and_indent()?;
        }
        self.string(variant)?;
        self.write(if self.pretty { b": " } else { b":" })
    }

    fn close_variant(&mut self) -> Result {
        self.depth -= 1;
        if self.pretty {
            self.newline_and_indent()?;
        }
        self.write(b"}")
    }
}

/// An open array or object.
struct Compound<'s, 'w, W> {
    ser: &'s mut Serializer<'w, W>,
    /// Nothing written in it yet.
    first: bool,
}

impl<W: io::Write> Compound<'_, '_, W> {
    /// What goes before an element or a key: a comma after the first, and in pretty output a
    /// new line at the element's depth.
    fn separator(&mut self) -> Result {
        if !self.first {
            self.ser.write(b",")?;
        }
        if self.ser.pretty {
            self.ser.newline_and_indent()?;
        }
        self.first = false;
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.separator()?;
        value.serialize(&mut *self.ser)
    }

    fn key(&mut self, key: &str) -> Result {
        if !needs_no_escape(key) {
            self.separator()?;
            self.ser.string(key)?;
            let colon: &[u8] = if self.ser.pretty { b": " } else { b":" };
            return self.ser.write(colon);
        }
        // A key that needs no escaping (every field name of the model; keys are a third of
        // the strings written): only the key is copied at a length not known beforehand. In
        // compact output its comma joins its opening quote.
        if self.ser.pretty {
            self.separator()?;
            self.ser.write(b"\"")?;
        } else if std::mem::replace(&mut self.first, false) {
            self.ser.write(b"\"")?;
        } else {
            self.ser.write(b",\"")?;
        }
        self.ser.write(key.as_bytes())?;
        // Each branch a write of known length.
        match self.ser.pretty {
            true => self.ser.write(b"\": "),
            false => self.ser.write(b"\":"),
        }
    }

    fn close(self, close: u8) -> Result {
        self.ser.depth -= 1;
        if self.ser.pretty && !self.first {
            self.ser.newline_and_indent()?;
        }
        self.ser.write(&[close])
    }

    /// Close the array or object of a tuple or struct variant, then the variant's object.
    fn close_in_variant(self, close: u8) -> Result {
        let Compound { ser, first } = self;
        Compound {
            ser: &mut *ser,
            first,
        }
        .close(close)?;
        ser.close_variant()
    }
}

impl<'s, 'w, W: io::Write> ser::Serializer for &'s mut Serializer<'w, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'s, 'w, W>;
    type SerializeTuple = Compound<'s, 'w, W>;
    type SerializeTupleStruct = Compound<'s, 'w, W>;
    type SerializeTupleVariant = Compound<'s, 'w, W>;
    type SerializeMap = Compound<'s, 'w, W>;
    type SerializeStruct = Compound<'s, 'w, W>;
    type SerializeStructVariant = Compound<'s, 'w, W>;

    fn serialize_bool(self, v: bool) -> Result {
        self.write(if v { b"true" } else { b"false" })
    }
    integers!(widened signed: serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64));
    integers!(widened unsigned: serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64));
    integers!(display: serialize_i128(i128), serialize_u128(u128));
    // Floats as serde_json writes them (shortest round trip; NaN and infinities as null).
    fn serialize_f32(self, v: f32) -> Result {
        serde_json::to_writer(&mut *self.out, &v)
    }
    fn serialize_f64(self, v: f64) -> Result {
        serde_json::to_writer(&mut *self.out, &v)
    }
    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result {
        self.write(b"null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.write(b"null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.write(b"null")
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.open_variant(variant)?;
        value.serialize(&mut *self)?;
        self.close_variant()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        self.open(b'[')
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        self.open_variant(variant)?;
        self.open(b'[')
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        self.open(b'{')
    }
    fn serialize_struct(self, _: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        self.open(b'{')
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        self.open_variant(variant)?;
        self.open(b'{')
    }
}

/// The arrays serde asks for (sequences, tuples, tuple structs and variants): each element
/// after a separator; `end` closes with `$close`.
macro_rules! array_of_elements {
    ($trait:ident, $method:ident, $close:ident) => {
        impl<W: io::Write> ser::$trait for Compound<'_, '_, W> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.element(value)
            }
            fn end(self) -> Result {
                self.$close(b']')
            }
        }
    };
}

array_of_elements!(SerializeSeq, serialize_element, close);
array_of_elements!(SerializeTuple, serialize_element, close);
array_of_elements!(SerializeTupleStruct, serialize_field, close);
array_of_elements!(SerializeTupleVariant, serialize_field, close_in_variant);

impl<W: io::Write> ser::SerializeMap for Compound<'_, '_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.separator()?;
        key.serialize(MapKey {
            ser: &mut *self.ser,
        })?;
        self.ser.write(if self.ser.pretty { b": " } else { b":" })
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result {
        self.close(b'}')
    }
}

/// The objects of structs and struct variants: each field a key and its value.
macro_rules! object_of_fields {
    ($trait:ident, $close:ident) => {
        impl<W: io::Write> ser::$trait for Compound<'_, '_, W> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result {
                self.key(key)?;
                value.serialize(&mut *self.ser)
            }
            fn end(self) -> Result {
                self.$close(b'}')
            }
        }
    };
}

object_of_fields!(SerializeStruct, close);
object_of_fields!(SerializeStructVariant, close_in_variant);

/// A map key: JSON keys are strings, so strings, characters, numbers and booleans are
/// written quoted (as serde_json does) and anything else is an error.
struct MapKey<'s, 'w, W> {
    ser: &'s mut Serializer<'w, W>,
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

impl<W: io::Write> MapKey<'_, '_, W> {
    fn quoted(self, value: impl Display) -> Result {
        write!(self.ser.out, "\"{value}\"").map_err(io_error)
    }
}

impl<W: io::Write> ser::Serializer for MapKey<'_, '_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result {
        self.quoted(v)
    }
    integers!(quoted: serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_i128(i128));
    integers!(quoted: serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64),
        serialize_u128(u128));
    fn serialize_f32(self, _: f32) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_f64(self, _: f64) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_char(self, v: char) -> Result {
        self.ser.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.ser.string(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.ser.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_a_string())
    }
}

/// `n` in decimal, written at the end of `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[at..];
        }
    }
}

/// Whether any byte of the eight in `x` may need escaping: a C0 control (below 0x20), `"`,
/// `\`, DEL (0x7F), or 0xC2, the first byte of the C1 controls (U+0080 to U+009F) and of
/// other characters, which [`escape_at`] tells apart. One test of the high bits, no branch.
const fn needs_a_look(x: u64) -> bool {
    // A byte below 0x20: subtracting 0x20 borrows into its high bit, which was clear.
    let below_space = x.wrapping_sub(LOW * 0x20) & !x;
    let found = below_space
        | zero_bytes(x ^ (LOW * b'"' as u64))
        | zero_bytes(x ^ (LOW * b'\\' as u64))
        | zero_bytes(x ^ (LOW * 0x7F))
        | zero_bytes(x ^ (LOW * 0xC2));
    found & HIGH != 0
}

/// The eight bytes of `bytes` from `i` as a word; past the end, spaces (which need no
/// escaping): most strings (keys, kinds, ids) are shorter than a word.
fn word_at(bytes: &[u8], i: usize) -> u64 {
    words::word_at(bytes, i, b' ')
}

/// Where, from `i`, the first sixteen bytes that may need a look start (or fewer than sixteen
/// are left): two words are tested a step, which halves the loop's own cost on long texts.
fn skip_clean_pairs(bytes: &[u8], mut i: usize) -> usize {
    while let Some(pair) = bytes.get(i..).and_then(<[u8]>::first_chunk::<16>) {
        let pair = u128::from_le_bytes(*pair);
        if needs_a_look(pair as u64) | needs_a_look((pair >> 64) as u64) {
            break;
        }
        i += 16;
    }
    i
}

/// Whether `s` goes out as it is, between quotes.
fn needs_no_escape(s: &str) -> bool {
    let bytes = s.as_bytes();
    (0..bytes.len())
        .step_by(8)
        .all(|i| !needs_a_look(word_at(bytes, i)))
}

/// How the byte at `bytes[i]` is escaped and how many bytes the escape stands for: `None`
/// when it is written as it is.
fn escape_at(bytes: &[u8], i: usize) -> Option<(Escape, usize)> {
    let b = bytes[i];
    let escape = match b {
        b'"' => Escape::Short(b'"'),
        b'\\' => Escape::Short(b'\\'),
        b'\n' => Escape::Short(b'n'),
        b'\t' => Escape::Short(b't'),
        b'\r' => Escape::Short(b'r'),
        0x08 => Escape::Short(b'b'),
        0x0C => Escape::Short(b'f'),
        0x00..=0x1F | 0x7F => Escape::Unicode(b),
        // U+0080..=U+009F is 0xC2 0x80..=0x9F in UTF-8.
        0xC2 => match bytes.get(i + 1) {
            Some(&next @ 0x80..=0x9F) => return Some((Escape::Unicode(next), 2)),
            _ => return None,
        },
        _ => return None,
    };
    Some((escape, 1))
}

enum Escape {
    /// `\` and this letter (`\n`, `\"`).
    Short(u8),
    /// `\u00XX` for this code point.
    Unicode(u8),
}

/// Write `s` as a JSON string: quoted; `"`, `\` and the C0 controls escaped as serde_json
/// escapes them (`\n`, `\t`, `\u001b`...), and DEL and the C1 controls as `\u007f`,
/// `\u009b`..., which a terminal would otherwise run. Everything else, U+2028 included, is
/// written as it is.
pub(super) fn write_escaped<W: io::Write + ?Sized>(out: &mut W, s: &str) -> io::Result<()> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.write_all(b"\"")?;
    // Clean bytes from `start` are written in one piece when an escape or the end comes.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        i = skip_clean_pairs(bytes, i);
        if !needs_a_look(word_at(bytes, i)) {
            i += 8;
            continue;
        }
        // Within the next eight bytes (or the last few) something may need escaping.
        let end = (i + 8).min(bytes.len());
        while i < end {
            match escape_at(bytes, i) {
                None => i += 1,
                Some((escape, len)) => {
                    out.write_all(&bytes[start..i])?;
                    match escape {
                        Escape::Short(letter) => out.write_all(&[b'\\', letter])?,
                        Escape::Unicode(c) => out.write_all(&[
                            b'\\',
                            b'u',
                            b'0',
                            b'0',
                            HEX[usize::from(c >> 4)],
                            HEX[usize::from(c & 0xF)],
                        ])?,
                    }
                    i += len;
                    start = i;
                }
            }
        }
    }
    out.write_all(&bytes[start..])?;
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// What the writer wrote before this serializer: serde_json's JSON with DEL and the C1
    /// controls escaped (`\u007f`, `\u009b`; raw, they can only be inside a string). Every
    /// output here must be its bytes.
    fn reference(value: &(impl Serialize + ?Sized), pretty: bool) -> String {
        let json = if pretty {
            serde_json::to_string_pretty(value).unwrap()
        } else {
            serde_json::to_string(value).unwrap()
        };
        let mut out = String::new();
        for c in json.chars() {
            if c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) {
                out.push_str(&format!("\\u{:04x}", c as u32));
            } else {
                out.push(c);
            }
        }
        out
    }

    fn ours(value: &(impl Serialize + ?Sized), pretty: bool) -> String {
        let mut out = Vec::new();
        to_writer(&mut out, value, pretty).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        write_escaped(&mut out, s).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_c0_control_is_escaped_as_serde_json_escapes_it() {
        for b in 0u8..0x20 {
            let s = char::from(b).to_string();
            let expected = match b {
                0x08 => "\"\\b\"".to_string(),
                0x09 => "\"\\t\"".to_string(),
                0x0A => "\"\\n\"".to_string(),
                0x0C => "\"\\f\"".to_string(),
                0x0D => "\"\\r\"".to_string(),
                _ => format!("\"\\u{b:04x}\""),
            };
            assert_eq!(escaped(&s), expected, "byte {b:#04x}");
            assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn quotes_backslashes_del_and_c1_controls_are_escaped_other_characters_are_not() {
        assert_eq!(escaped(r#"say "hi" \ "#), r#""say \"hi\" \\ ""#);
        assert_eq!(escaped("del\u{7f}"), "\"del\\u007f\"");
        for c in '\u{80}'..='\u{9f}' {
            let expected = format!("\"a{}b\"", format_args!("\\u{:04x}", c as u32));
            assert_eq!(escaped(&format!("a{c}b")), expected);
        }
        // Non-ASCII text, a no-break space (0xC2 0xA0: the C1 lead byte, not a control) and
        // the line separators JavaScript once choked on are written as they are.
        let plain = "é ¢ \u{a0} 中文 \u{2028} \u{2029} 😀 Ωmega";
        assert_eq!(escaped(plain), format!("\"{plain}\""));
        assert_eq!(escaped(""), "\"\"");
    }

    #[test]
    fn escapes_anywhere_in_a_string_match_the_previous_writer() {
        // Every escape at every position of strings up to five words long, so the word
        // scan's edges (word and pair boundaries, a C1 control split over two words) are
        // crossed.
        let specials = [
            "\"", "\\", "\n", "\u{1}", "\u{1f}", "\u{7f}", "\u{85}", "\u{9f}", "\u{a0}", "é", "中",
        ];
        for len in 0..40 {
            for special in specials {
                for at in 0..=len {
                    let s: String = (0..len)
                        .map(|i| if i == at { special } else { "x" })
                        .collect();
                    assert_eq!(escaped(&s), reference(&s, false), "{s:?}");
                }
            }
        }
    }

    #[derive(Serialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum Tagged {
        Unit,
        Fields { a: u8, b: Vec<u8> },
        Newtype(Inner),
    }

    #[derive(Serialize)]
    struct Inner {
        name: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
    }

    #[derive(Serialize)]
    enum External {
        Unit,
        Newtype(i64),
        Tuple(u8, bool),
        Struct { x: Option<u32>, y: () },
    }

    /// Field names that need escaping, or are too long for the one-write path of keys.
    #[derive(Serialize)]
    struct OddKeys {
        #[serde(rename = "quo\"te\\d\u{1}\u{85}")]
        escaped: u8,
        #[serde(rename = "a_field_name_longer_than_the_buffer_for_keys_is")]
        long: u8,
        #[serde(rename = "")]
        empty: u8,
    }

    #[derive(Serialize)]
    struct Everything {
        numbers: (u8, u16, u32, u64, i8, i16, i32, i64, u128, i128),
        floats: (f32, f64, f64),
        text: (char, char, String),
        nothing: (
            Option<u8>,
            (),
            Vec<u8>,
            std::collections::BTreeMap<String, u8>,
        ),
        keys: std::collections::BTreeMap<u32, Vec<Vec<u8>>>,
        tagged: Vec<Tagged>,
        external: Vec<External>,
        bytes: serde_bytes_like::Bytes,
        nested: Vec<Vec<Vec<Inner>>>,
        odd_keys: OddKeys,
    }

    mod serde_bytes_like {
        /// Serialized with `serialize_bytes`.
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    #[test]
    fn every_kind_of_value_is_written_as_serde_json_writes_it_compact_and_pretty() {
        let value = Everything {
            numbers: (
                0,
                65535,
                7,
                u64::MAX,
                -128,
                -1,
                i32::MIN,
                i64::MIN,
                u128::MAX,
                -5,
            ),
            floats: (1.5, 0.1, f64::NAN),
            text: ('"', '\u{9b}', "a\u{1b}[31m b\u{2028}".into()),
            nothing: (None, (), Vec::new(), Default::default()),
            keys: [(1, vec![vec![], vec![1, 2]]), (20, vec![])].into(),
            tagged: vec![
                Tagged::Unit,
                Tagged::Fields { a: 1, b: vec![] },
                Tagged::Newtype(Inner {
                    name: "n",
                    skipped: None,
                }),
            ],
            external: vec![
                External::Unit,
                External::Newtype(-3),
                External::Tuple(1, true),
                External::Struct { x: Some(4), y: () },
            ],
            bytes: serde_bytes_like::Bytes(vec![0, 255]),
            nested: vec![
                vec![],
                vec![
                    vec![],
                    vec![Inner {
                        name: "deep",
                        skipped: Some(1),
                    }],
                ],
            ],
            odd_keys: OddKeys {
                escaped: 1,
                long: 2,
                empty: 3,
            },
        };
        for pretty in [false, true] {
            assert_eq!(
                ours(&value, pretty),
                reference(&value, pretty),
                "pretty {pretty}"
            );
        }
    }

    #[test]
    fn a_map_key_that_is_not_a_string_or_number_is_an_error() {
        let map: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(to_writer(&mut Vec::new(), &map, false).is_err());
        assert!(serde_json::to_vec(&map).is_err());
    }

    #[test]
    fn integers_are_written_in_decimal_at_every_length() {
        let mut n = 1u64;
        for _ in 0..20 {
            for v in [n - 1, n, n + 1] {
                assert_eq!(ours(&v, false), v.to_string());
            }
            n = n.saturating_mul(10);
        }
        assert_eq!(ours(&u64::MAX, false), u64::MAX.to_string());
        assert_eq!(ours(&i64::MIN, false), i64::MIN.to_string());
    }
}
