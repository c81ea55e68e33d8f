//! Turning wire names into Rust identifiers.
//!
//! Escaping is never an error; only two different wire names ending up with the same Rust name
//! is (the loader reports such collisions).
//!
//! - Field names ([`field_ident`]): snake_case of the wire name (`businessType` →
//!   `business_type`); characters that cannot appear in an identifier become `_`; a leading
//!   digit gets a leading `_` (`3ds` → `_3ds`); keywords get a trailing `_` (`type` → `type_`).
//! - Enum variants ([`variant_ident`]): PascalCase of the wire value (`PTN_BH` → `PtnBh`,
//!   `UP_TO_50K` → `UpTo50k`); a value that yields nothing or starts with a digit gets a `V`
//!   prefix (`50K` → `V50k`).
//! - Object types ([`type_ident_for_path`]): PascalCase of the singularised path segments,
//!   concatenated (`brands.photo_proofs` → `BrandPhotoProof`).

/// Rust keywords (strict, reserved and the 2018+/2024 ones), which cannot be used as plain
/// identifiers.
pub const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Whether `s` is a usable snake_case Rust identifier: `[a-z_][a-z0-9_]*`, not `_`, not a
/// keyword.
pub fn is_snake_ident(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_lowercase() || first == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s != "_"
        && !is_keyword(s)
}

/// Whether `s` is a PascalCase type name: `[A-Z][A-Za-z0-9]*`, not `Self`.
pub fn is_pascal_ident(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_uppercase() && chars.all(|c| c.is_ascii_alphanumeric()) && !is_keyword(s)
}

/// snake_case of a wire name, before escaping: camelCase boundaries become `_`, everything is
/// lowercased, and characters other than ASCII letters, digits and `_` become `_`.
pub fn snake_case(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    out
}

/// Makes a snake_case candidate a valid, non-keyword identifier: empty or `_` becomes
/// `field_`, a leading digit gets a leading `_`, a keyword gets a trailing `_`.
pub fn escape_snake(s: String) -> String {
    if s.is_empty() || s == "_" {
        return "field_".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{s}");
    }
    if is_keyword(&s) {
        return format!("{s}_");
    }
    s
}

/// The Rust field name of a wire name (`businessType` → `business_type`, `type` → `type_`).
pub fn field_ident(wire: &str) -> String {
    escape_snake(snake_case(wire))
}

/// Splits a name into words at non-alphanumeric characters and camelCase boundaries
/// (`photoURLs` → `photo`, `UR`, `Ls`; `UP_TO_50K` → `UP`, `TO`, `50K`).
pub fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !cur.is_empty() {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn capitalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (i, c) in word.chars().enumerate() {
        if i == 0 {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Makes a PascalCase candidate a valid identifier: empty or starting with a digit gets a `V`
/// prefix, `Self` becomes `Self_`.
pub fn escape_pascal(s: String) -> String {
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("V{s}");
    }
    if is_keyword(&s) {
        return format!("{s}_");
    }
    s
}

/// PascalCase of a name, before escaping (`PTN_BH` → `PtnBh`, `UP_TO_50K` → `UpTo50k`).
pub fn pascal_case(s: &str) -> String {
    words(s).iter().map(|w| capitalize(w)).collect()
}

/// The Rust variant name of an enum wire value.
pub fn variant_ident(wire: &str) -> String {
    escape_pascal(pascal_case(wire))
}

/// English singular of one lowercase-insensitive word, by simple suffix rules
/// (`brands` → `brand`, `addresses` → `address`, `categories` → `category`,
/// `readiness` → `readiness`).
pub fn singularize(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let strip = |n: usize| -> String {
        word.chars()
            .take(word.chars().count().saturating_sub(n))
            .collect()
    };
    if lower.len() > 3 && lower.ends_with("ies") {
        return strip(3) + "y";
    }
    if lower.ends_with("sses")
        || lower.ends_with("xes")
        || lower.ends_with("ches")
        || lower.ends_with("shes")
        || lower.ends_with("statuses")
    {
        return strip(2);
    }
    if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
        return word.to_owned();
    }
    if lower.len() > 1 && lower.ends_with('s') {
        return strip(1);
    }
    word.to_owned()
}

/// The default Rust type name of the object at a dotted path: PascalCase of the singularised
/// segments, concatenated (`brands.photo_proofs` → `BrandPhotoProof`,
/// `website_readiness` → `WebsiteReadiness`).
pub fn type_ident_for_path(path: &str) -> String {
    let mut out = String::new();
    for segment in path.split('.') {
        let mut ws = words(segment);
        if let Some(last) = ws.last_mut() {
            *last = singularize(last);
        }
        for w in &ws {
            out.push_str(&capitalize(w));
        }
    }
    escape_pascal(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        assert_eq!(field_ident("businessType"), "business_type");
        assert_eq!(field_ident("client_id"), "client_id");
        assert_eq!(field_ident("type"), "type_");
        assert_eq!(field_ident("match"), "match_");
        assert_eq!(field_ident("Self"), "self_");
        assert_eq!(field_ident("3ds"), "_3ds");
        assert_eq!(field_ident("brand-name"), "brand_name");
        assert_eq!(field_ident("ID"), "id");
        assert_eq!(field_ident("HTTPServer"), "http_server");
        assert_eq!(field_ident(""), "field_");
        assert_eq!(field_ident("-"), "field_");
        assert_eq!(field_ident("phone2Number"), "phone2_number");
    }

    #[test]
    fn variants() {
        assert_eq!(variant_ident("PTN_BH"), "PtnBh");
        assert_eq!(variant_ident("UP_TO_50K"), "UpTo50k");
        assert_eq!(variant_ident("PERSONAL"), "Personal");
        assert_eq!(variant_ident("50K"), "V50k");
        assert_eq!(variant_ident(""), "V");
        assert_eq!(variant_ident("--"), "V");
        assert_eq!(variant_ident("self"), "Self_");
        assert_eq!(variant_ident("someValue"), "SomeValue");
    }

    #[test]
    fn types() {
        assert_eq!(type_ident_for_path("brands"), "Brand");
        assert_eq!(
            type_ident_for_path("brands.photo_proofs"),
            "BrandPhotoProof"
        );
        assert_eq!(type_ident_for_path("addresses"), "Address");
        assert_eq!(type_ident_for_path("website_readiness"), "WebsiteReadiness");
        assert_eq!(type_ident_for_path("categories"), "Category");
        assert_eq!(type_ident_for_path("business"), "Business");
        assert_eq!(type_ident_for_path("statuses"), "Status");
        assert_eq!(type_ident_for_path("3ds"), "V3d");
    }

    #[test]
    fn checks() {
        assert!(is_snake_ident("client_id"));
        assert!(!is_snake_ident("type"));
        assert!(!is_snake_ident("_"));
        assert!(!is_snake_ident("Client"));
        assert!(is_pascal_ident("BusinessType"));
        assert!(!is_pascal_ident("Self"));
        assert!(!is_pascal_ident("business_type"));
    }
}
