//! Why an input failed: the `error_kind` of its report line, a stable snake_case name.

use serde::{Serialize, Serializer};

/// The kind of one input's failure: the library's error kind when the document could not be
/// read, or one the command line adds while finding inputs and writing outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The document could not be read: [`docxtract::Error::kind_name`] (`not_zip`,
    /// `timeout`, `limit`, ...).
    Read(&'static str),
    /// An input (a file, a folder, the `--files-from` list) could not be read.
    Io,
    /// An output could not be written.
    Output,
    /// The document's output budget was spent (the same name as the library's limits).
    Limit,
    /// The conversion panicked: a bug to report.
    Internal,
    /// Another input already writes the same output file.
    DuplicateOutput,
}

impl FailureKind {
    pub fn of(e: &docxtract::Error) -> FailureKind {
        FailureKind::Read(e.kind_name())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Read(kind) => kind,
            FailureKind::Io => "io",
            FailureKind::Output => "output",
            FailureKind::Limit => "limit",
            FailureKind::Internal => "internal",
            FailureKind::DuplicateOutput => "duplicate_output",
        }
    }
}

impl Serialize for FailureKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_kinds_serialize_to_their_report_names() {
        let names: Vec<String> = [
            FailureKind::Io,
            FailureKind::Output,
            FailureKind::Limit,
            FailureKind::Internal,
            FailureKind::DuplicateOutput,
            FailureKind::Read("not_zip"),
        ]
        .iter()
        .map(|k| serde_json::to_string(k).unwrap())
        .collect();
        assert_eq!(
            names,
            [
                r#""io""#,
                r#""output""#,
                r#""limit""#,
                r#""internal""#,
                r#""duplicate_output""#,
                r#""not_zip""#
            ]
        );
    }
}
