//! Writers: each takes a [`Document`](crate::Document) and any `io::Write`.
