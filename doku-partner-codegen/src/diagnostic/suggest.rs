//! Suggestions and duplicates, written once for every stage: the "did you mean" of a
//! misspelled name, the list of choices when nothing is close, and the "declared twice" of a
//! name seen before in the same namespace (a key, a parameter, a header, a value, a field).

use std::collections::HashMap;
use std::hash::Hash;

use super::{Ctxt, Diagnostic, Loc};

/// How many candidates [`did_you_mean`] looks at.
const MAX_SUGGESTION_CANDIDATES: usize = 256;

/// The best "did you mean" candidate for `got` among `candidates`, if one is close enough.
pub fn did_you_mean<'a, I>(got: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let got_lower = got.to_lowercase();
    let got_len = got_lower.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    // Bounded: a hostile file must not turn suggestions into quadratic work.
    for cand in candidates.into_iter().take(MAX_SUGGESTION_CANDIDATES) {
        let cand_len = cand.chars().count();
        let limit = (cand_len.max(got_len) / 3).max(1);
        if cand_len.abs_diff(got_len) > limit {
            continue;
        }
        let cand_lower = cand.to_lowercase();
        if cand_lower == got_lower {
            return Some(cand);
        }
        let distance = strsim::osa_distance(&got_lower, &cand_lower);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// `` `a`, `b` or `c` ``: a list of choices for a help line.
pub(crate) fn list_or(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// The first place each name of one namespace was declared. The second declaration of a name
/// is reported as "{subject} is declared twice", pointing at both, and the caller skips it: one
/// mistake, one error.
pub(crate) struct FirstSeen<K> {
    first: HashMap<K, Loc>,
}

impl<K: Hash + Eq> FirstSeen<K> {
    /// An empty namespace.
    pub(crate) fn new() -> Self {
        FirstSeen {
            first: HashMap::new(),
        }
    }

    /// Records `key` declared at `loc`; when it was declared before, reports `subject` (what
    /// the key is, e.g. ``parameter `businessType` ``) as declared twice, with `help` if any,
    /// and returns `false`.
    pub(crate) fn declare(
        &mut self,
        key: K,
        subject: impl FnOnce() -> String,
        loc: Loc,
        help: Option<&str>,
        cx: &mut Ctxt<'_>,
    ) -> bool {
        if let Some(first) = self.first.get(&key) {
            let mut d = declared_twice(&subject(), loc, *first);
            if let Some(help) = help {
                d = d.help(help);
            }
            cx.emit(d);
            return false;
        }
        self.first.insert(key, loc);
        true
    }

    /// Whether `key` was declared.
    pub(crate) fn contains(&self, key: &K) -> bool {
        self.first.contains_key(key)
    }
}

/// "{subject} is declared twice", at the second declaration and pointing at the first: the one
/// shape of every duplicate the loader reports.
pub(crate) fn declared_twice(subject: &str, again: Loc, first: Loc) -> Diagnostic {
    Diagnostic::error(format!("{subject} is declared twice"))
        .at(again)
        .label("declared again here")
        .secondary(first, "first declared here")
}
