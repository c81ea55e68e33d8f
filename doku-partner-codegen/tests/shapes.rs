//! Every accepted key is shape-checked: in the fixtures that use every key, each key's value is
//! replaced by one of the wrong shape — a mapping where the key takes text, a number, a flag or
//! a list; a number where it takes a mapping or a list — and the loader must refuse the spec
//! with an error on that very line. A key whose value the loader would take whatever its shape
//! fails here.

use std::path::Path;

use doku_partner_codegen::load_spec_str;

/// Keys whose value may be any JSON value (shown as written), so no shape is wrong.
const ANY_SHAPE: &[&str] = &["example"];

struct KeyLine {
    /// 1-based line of the key.
    line: usize,
    key: String,
    /// The text before the value (`  - name:`).
    prefix: String,
    /// The value on the key's own line (empty: a block value on the lines below).
    inline: String,
    indent: usize,
}

fn key_lines(source: &str) -> Vec<KeyLine> {
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let Some((key, value)) = body.split_once(':') else {
            continue;
        };
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        if !(value.is_empty() || value.starts_with(' ')) {
            continue; // `https://...` inside a scalar, not a key
        }
        let value_start = line.len() - value.len();
        out.push(KeyLine {
            line: i + 1,
            key: key.to_owned(),
            prefix: line[..value_start].to_owned(),
            inline: value.trim().to_owned(),
            indent: line.len() - trimmed.len(),
        });
    }
    out
}

/// The source with the value of `k` replaced by a value of the wrong shape.
fn with_wrong_shape(source: &str, k: &KeyLine) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if i + 1 == k.line {
            if k.inline.is_empty() {
                // A block value (a mapping or a list below): a number instead, and the block
                // removed.
                out.push(format!("{} 7", k.prefix));
                i += 1;
                while i < lines.len() {
                    let next = lines[i];
                    let indent = next.len() - next.trim_start().len();
                    let deeper = indent > k.indent
                        || (indent == k.indent
                            && next.trim_start().starts_with("- ")
                            && !k.prefix.trim_start().starts_with("- "));
                    if next.trim().is_empty() || deeper {
                        i += 1;
                    } else {
                        break;
                    }
                }
                continue;
            }
            if k.inline.starts_with('{') {
                out.push(format!("{} 7", k.prefix));
            } else {
                out.push(format!("{} {{ wrong: [shape] }}", k.prefix));
            }
        } else {
            out.push(lines[i].to_owned());
        }
        i += 1;
    }
    out.join("\n") + "\n"
}

fn check_fixture(file: &str) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/every_key")
        .join(file);
    let source = std::fs::read_to_string(&path).unwrap();
    load_spec_str(&source, file, None).unwrap_or_else(|d| panic!("{file} must load:\n{d}"));

    let mut accepted_anything = Vec::new();
    let mut checked = 0;
    for k in key_lines(&source) {
        if ANY_SHAPE.contains(&k.key.as_str()) {
            continue;
        }
        checked += 1;
        let changed = with_wrong_shape(&source, &k);
        match load_spec_str(&changed, file, None) {
            Ok(_) => accepted_anything.push(format!("{file}:{} `{}` (loads)", k.line, k.key)),
            Err(d) => {
                if !d.iter().any(|d| d.loc().line as usize == k.line) {
                    let first = d.iter().next().map(|d| d.render()).unwrap_or_default();
                    accepted_anything.push(format!(
                        "{file}:{} `{}` (no error on its line; first error:\n{first})",
                        k.line, k.key
                    ));
                }
            }
        }
    }
    assert!(
        accepted_anything.is_empty(),
        "keys whose value is not shape-checked:\n{}",
        accepted_anything.join("\n")
    );
    checked
}

#[test]
fn every_key_of_the_json_fixture_refuses_a_value_of_the_wrong_shape() {
    let checked = check_fixture("every_key.yaml");
    assert!(checked > 100, "only {checked} key lines found");
}

#[test]
fn every_key_of_the_form_fixture_refuses_a_value_of_the_wrong_shape() {
    let checked = check_fixture("every_form.yaml");
    assert!(checked > 20, "only {checked} key lines found");
}

#[test]
fn every_key_of_the_incoming_fixture_refuses_a_value_of_the_wrong_shape() {
    let checked = check_fixture("every_incoming.yaml");
    assert!(checked > 15, "only {checked} key lines found");
}
