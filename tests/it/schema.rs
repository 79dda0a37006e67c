//! The committed JSON Schema (`schema/docxtract.schema.json`) is generated from the model's
//! types, and every fixture's JSON validates against it.
//!
//! Regenerate after changing the model: `DOCXTRACT_BLESS=1 cargo test --test it schema::`.

use std::path::Path;

use crate::util::fixture_files;

fn generated_schema() -> String {
    let schema = schemars::schema_for!(docxtract::Document);
    serde_json::to_string_pretty(&schema).unwrap() + "\n"
}

fn schema_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/docxtract.schema.json")
}

#[test]
fn committed_schema_matches_the_model_types() {
    let generated = generated_schema();
    if std::env::var_os("DOCXTRACT_BLESS").is_some() {
        std::fs::write(schema_path(), &generated).unwrap();
    }
    let committed =
        std::fs::read_to_string(schema_path()).expect("schema/docxtract.schema.json is committed");
    assert!(
        committed == generated,
        "schema/docxtract.schema.json is out of date: run DOCXTRACT_BLESS=1 cargo test --test it schema::"
    );
}

#[test]
fn every_fixture_json_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&generated_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut checked = 0;
    for path in fixture_files() {
        let doc = docxtract::open_path(&path, &docxtract::Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_value(&doc).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        // The JSON reads back into the same model.
        let back: docxtract::Document = serde_json::from_value(json).unwrap();
        assert_eq!(back, doc, "{}: JSON round trip", path.display());
        checked += 1;
    }
    assert!(
        checked >= 10,
        "expected the fixture set, found {checked} fixtures"
    );
}
