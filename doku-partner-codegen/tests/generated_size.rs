//! The bounds issue 24 puts on the file a reviewer reads: `doku-partner generate
//! spec/get_business_data.yaml` is at most 1,900 lines, no line is longer than 120 characters
//! outside string literals (a query-string literal may run longer), and none is longer than 200.

use std::path::Path;

use doku_partner_codegen::{SampleFiles, generate_file_with, load_spec_file, read_examples};

/// What `doku-partner generate spec/get_business_data.yaml` prints from the workspace root.
fn generated_get_business_data() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let rel = "spec/get_business_data.yaml";
    let path = root.join(rel);
    let spec = load_spec_file(&path, rel).unwrap_or_else(|d| panic!("{d}"));
    let samples = read_examples(&spec, path.parent().unwrap()).unwrap_or_else(|e| panic!("{e}"));
    let dir = SampleFiles::FromCrateRoot("spec".to_owned());
    generate_file_with(&spec, rel, samples, None, dir).unwrap_or_else(|e| panic!("{e}"))
}

/// For each line of `code`: how many of its characters are outside string literals. Tracks
/// `"..."` (with escapes), raw strings `r#"..."#` (over several lines too), char literals
/// holding a quote, and `//` comments, whose quotes open nothing.
fn outside_string_literals(code: &str) -> Vec<usize> {
    enum State {
        Code,
        Str,
        Raw(usize),
        Comment,
    }
    let mut state = State::Code;
    let mut counts = vec![0];
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            counts.push(0);
            if matches!(state, State::Comment) {
                state = State::Code;
            }
            i += 1;
            continue;
        }
        let outside = counts.last_mut().unwrap();
        match state {
            State::Code => {
                *outside += 1;
                if c == '/' && chars.get(i + 1) == Some(&'/') {
                    state = State::Comment;
                } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
                    // `'"'`: a char literal, not the start of a string.
                    *outside += 2;
                    i += 2;
                } else if c == '"' {
                    state = State::Str;
                } else if c == 'r' && matches!(chars.get(i + 1), Some('#' | '"')) {
                    let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
                    if chars.get(i + 1 + hashes) == Some(&'"') {
                        *outside += hashes + 1;
                        i += hashes + 1;
                        state = State::Raw(hashes);
                    }
                }
            }
            State::Str => {
                if c == '\\' && chars.get(i + 1) != Some(&'\n') {
                    i += 1;
                } else if c == '"' {
                    *outside += 1;
                    state = State::Code;
                }
            }
            State::Raw(hashes) => {
                let closes = c == '"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes;
                if closes {
                    *outside += hashes + 1;
                    i += hashes;
                    state = State::Code;
                }
            }
            State::Comment => *outside += 1,
        }
        i += 1;
    }
    counts
}

#[test]
fn get_business_data_is_at_most_1900_lines_of_at_most_120_characters() {
    let file = generated_get_business_data();
    let lines: Vec<&str> = file.lines().collect();
    assert!(lines.len() <= 1_900, "{} lines", lines.len());
    let outside = outside_string_literals(&file);
    for (n, line) in lines.iter().enumerate() {
        let width = line.chars().count();
        assert!(width <= 200, "line {}: {width} characters:\n{line}", n + 1);
        assert!(
            outside[n] <= 120,
            "line {}: {} characters outside string literals:\n{line}",
            n + 1,
            outside[n]
        );
    }
}

/// The scanner itself: a long string literal is inside, a comment's quote opens nothing, a
/// raw string may span lines, a char literal holding a quote is code.
#[test]
fn characters_outside_string_literals_are_counted_per_line() {
    let code = "let a = \"xyz\\\"q\";\n// \"not a string\nlet b = r#\"one\n\"two\"#; '\"'";
    assert_eq!(
        outside_string_literals(code),
        vec![
            "let a = \"\";".len(),
            "// \"not a string".len(),
            "let b = r#\"".len(),
            "\"#; '\"'".len(),
        ]
    );
}
