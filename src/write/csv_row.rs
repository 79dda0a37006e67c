//! The one point every CSV row goes through: a row struct is serialized into its fields, each
//! text field made safe by [`csv_cell`], and the record written by the `csv` crate. A new
//! table written with [`Rows::row`] is neutralized without doing anything for it.
//!
//! Rows are flat structs of plain values (strings, numbers, booleans, options of those,
//! unit enum variants), as the `csv` crate's own serializer wants them; anything nested is
//! an error. Numbers and booleans are written as the `csv` crate writes them, and only text
//! is neutralized, so a negative number stays a number.

use std::fmt::Display;
use std::io;

use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

use super::safe::csv_cell;

/// A CSV writer whose every record is made safe to open in a spreadsheet.
pub(crate) struct Rows<W: io::Write> {
    w: ::csv::Writer<W>,
    /// Write text cells as they are (`--csv-raw`): no `'` before formula starts.
    raw: bool,
    fields: Vec<String>,
}

impl<W: io::Write> Rows<W> {
    /// RFC 4180 quoting, CRLF record ends, no header of its own (see [`Rows::header`]).
    pub fn new(out: W, raw: bool) -> Self {
        let w = ::csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(::csv::Terminator::CRLF)
            .from_writer(out);
        Rows {
            w,
            raw,
            fields: Vec::new(),
        }
    }

    /// A header row, written as it is.
    pub fn header(&mut self, columns: &[&str]) -> io::Result<()> {
        Ok(self.w.write_record(columns)?)
    }

    /// One record from a flat row struct.
    pub fn row<T: Serialize>(&mut self, row: &T) -> io::Result<()> {
        self.fields.clear();
        let invalid = |e: RowError| io::Error::new(io::ErrorKind::InvalidInput, e.0);
        row.serialize(CellSerializer {
            raw: self.raw,
            row: Some(&mut self.fields),
        })
        .map_err(invalid)?;
        if self.fields.is_empty() {
            return Err(invalid(RowError(
                "a CSV row must be a struct with fields".into(),
            )));
        }
        Ok(self.w.write_record(&self.fields)?)
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

#[derive(Debug)]
pub(crate) struct RowError(String);

impl Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RowError {}

impl ser::Error for RowError {
    fn custom<T: Display>(msg: T) -> Self {
        RowError(msg.to_string())
    }
}

fn not_flat<T>(what: &str) -> Result<T, RowError> {
    Err(RowError(format!("a CSV row must be a flat struct: {what}")))
}

/// Serializes a value to the text of its cell; given `row`, the value is the row struct,
/// whose fields' cells go there.
struct CellSerializer<'a> {
    raw: bool,
    row: Option<&'a mut Vec<String>>,
}

/// The fields of the row struct, each serialized to its cell.
struct RowFields<'a> {
    raw: bool,
    fields: &'a mut Vec<String>,
}

impl SerializeStruct for RowFields<'_> {
    type Ok = String;
    type Error = RowError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _key: &'static str,
        value: &T,
    ) -> Result<(), RowError> {
        let cell = value.serialize(CellSerializer {
            raw: self.raw,
            row: None,
        })?;
        self.fields.push(cell);
        Ok(())
    }

    fn end(self) -> Result<String, RowError> {
        Ok(String::new())
    }
}

/// Plain values are written with `Display`, as the `csv` crate writes them.
macro_rules! shown {
    ($($method:ident($ty:ty);)*) => {
        $(fn $method(self, v: $ty) -> Result<String, RowError> {
            Ok(v.to_string())
        })*
    };
}

/// Values that cannot be one cell.
macro_rules! refused {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, RowError> {
            not_flat(stringify!($method))
        })*
    };
}

impl<'a> Serializer for CellSerializer<'a> {
    type Ok = String;
    type Error = RowError;
    type SerializeSeq = Impossible<String, RowError>;
    type SerializeTuple = RowParts<'a>;
    type SerializeTupleStruct = Impossible<String, RowError>;
    type SerializeTupleVariant = Impossible<String, RowError>;
    type SerializeMap = Impossible<String, RowError>;
    type SerializeStruct = RowFields<'a>;
    type SerializeStructVariant = Impossible<String, RowError>;

    shown! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_i128(i128);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_u128(u128);
    }

    fn serialize_f32(self, v: f32) -> Result<String, RowError> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<String, RowError> {
        // As the `csv` crate writes floats: `1.0`, not `1`.
        Ok(if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e16 {
            format!("{v:.1}")
        } else {
            v.to_string()
        })
    }

    fn serialize_char(self, v: char) -> Result<String, RowError> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<String, RowError> {
        Ok(csv_cell(v, self.raw).into_owned())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<String, RowError> {
        self.serialize_str(&String::from_utf8_lossy(v))
    }

    fn serialize_none(self) -> Result<String, RowError> {
        Ok(String::new())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, RowError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<String, RowError> {
        Ok(String::new())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, RowError> {
        Ok(String::new())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, RowError> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, RowError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, RowError> {
        not_flat("an enum variant with data")
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<RowFields<'a>, RowError> {
        match self.row {
            Some(fields) => Ok(RowFields {
                raw: self.raw,
                fields,
            }),
            None => not_flat("a struct in a field"),
        }
    }

    /// A row may be a tuple of flat structs (a row and its location): their fields follow
    /// each other, as the `csv` crate writes them.
    fn serialize_tuple(self, _len: usize) -> Result<RowParts<'a>, RowError> {
        match self.row {
            Some(fields) => Ok(RowParts {
                raw: self.raw,
                fields,
            }),
            None => not_flat("a tuple in a field"),
        }
    }

    refused! {
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

/// The parts of a row given as a tuple, each a flat struct whose fields go to the row.
struct RowParts<'a> {
    raw: bool,
    fields: &'a mut Vec<String>,
}

impl ser::SerializeTuple for RowParts<'_> {
    type Ok = String;
    type Error = RowError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, part: &T) -> Result<(), RowError> {
        part.serialize(CellSerializer {
            raw: self.raw,
            row: Some(&mut *self.fields),
        })?;
        Ok(())
    }

    fn end(self) -> Result<String, RowError> {
        Ok(String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    enum Kind {
        Heading,
    }

    #[derive(Serialize)]
    struct Row<'a> {
        text: &'a str,
        owned: String,
        number: i64,
        count: usize,
        level: Option<u8>,
        missing: Option<&'a str>,
        flag: bool,
        ratio: f64,
        kind: Kind,
    }

    fn written(row: &Row<'_>, raw: bool) -> String {
        let mut rows = Rows::new(Vec::new(), raw);
        rows.row(row).unwrap();
        rows.flush().unwrap();
        String::from_utf8(rows.w.into_inner().unwrap()).unwrap()
    }

    fn row() -> Row<'static> {
        Row {
            text: "=HYPERLINK(\"http://evil.example/\")",
            owned: "@cmd".into(),
            number: -5,
            count: 3,
            level: Some(2),
            missing: None,
            flag: true,
            ratio: 1.0,
            kind: Kind::Heading,
        }
    }

    #[test]
    fn a_tuple_of_flat_structs_is_one_row_every_part_neutralized() {
        #[derive(Serialize)]
        struct At<'a> {
            story: &'a str,
            block: usize,
        }
        let mut rows = Rows::new(Vec::new(), false);
        rows.row(&(
            row(),
            At {
                story: "-body",
                block: 7,
            },
        ))
        .unwrap();
        rows.flush().unwrap();
        let out = String::from_utf8(rows.w.into_inner().unwrap()).unwrap();
        assert!(out.ends_with(",Heading,'-body,7\r\n"), "{out}");
        assert!(out.starts_with("\"'=HYPERLINK"), "{out}");
    }

    #[test]
    fn text_fields_are_neutralized_and_numbers_written_as_the_csv_crate_does() {
        assert_eq!(
            written(&row(), false),
            "\"'=HYPERLINK(\"\"http://evil.example/\"\")\",'@cmd,-5,3,2,,true,1.0,Heading\r\n"
        );
        // The csv crate's own serializer writes the same record, save the neutralizing.
        let mut w = ::csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(::csv::Terminator::CRLF)
            .from_writer(Vec::new());
        w.serialize(row()).unwrap();
        let theirs = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(written(&row(), true), theirs);
    }

    #[test]
    fn a_nested_field_is_an_error_not_a_garbled_row() {
        #[derive(Serialize)]
        struct Nested {
            list: Vec<u8>,
        }
        let mut rows = Rows::new(Vec::new(), false);
        let err = rows.row(&Nested { list: vec![1] }).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        let err = rows.row(&"a bare string").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}
