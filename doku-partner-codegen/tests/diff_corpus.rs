//! The labelled corpus of `doku-partner diff` (`diff_common/pairs.rs`): every pair reports
//! exactly its expected findings, and every rule has at least two pairs.
//!
//! `DIFF_CORPUS_PRINT=1 cargo test -p doku-partner-codegen --test diff_corpus -- --nocapture`
//! prints what each pair reports with the spec line at each location, to write a new pair's
//! expectations (read the lines before pasting: the location must be the key that changed).

mod diff_common;

use diff_common::pairs::PAIRS;
use diff_common::run_pair;
use doku_partner_codegen::diff::RULES;

#[test]
fn corpus() {
    let mut failures = Vec::new();
    for pair in PAIRS {
        if let Err(e) = run_pair(pair) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The corpus covers every rule at least twice (the spec-set rules, `endpoint.added` and
/// `endpoint.removed`, are in `diff_sets.rs`).
#[test]
fn every_rule_has_two_pairs() {
    let mut missing = Vec::new();
    for rule in RULES {
        let pairs = PAIRS
            .iter()
            .filter(|p| p.expected.iter().any(|e| e.rule == rule.id))
            .count();
        let set_rule = matches!(rule.id, "endpoint.added" | "endpoint.removed");
        if pairs < 2 && !set_rule {
            missing.push(format!("{} ({pairs} pairs)", rule.id));
        }
    }
    assert!(
        missing.is_empty(),
        "rules with fewer than two pairs: {missing:?}"
    );
    assert!(PAIRS.len() >= 60, "{} pairs", PAIRS.len());
}
