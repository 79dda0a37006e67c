//! XML helpers.
