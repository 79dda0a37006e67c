//! A small .docx writer for fixtures, benchmarks, fuzz seeds and tests.
