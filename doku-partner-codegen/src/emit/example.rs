//! The `# Example` an endpoint module's docs open with: a signed call built from values the
//! spec documents (its examples, the first case of its rules, its request sample).
//!
//! A doctest is compiled as a crate of its own, so it must name the module by a public path.
//! The generator knows that path only when told (`doc_path`, as the facade does for its
//! bindings): then the example is a `no_run` doctest that compiles with the user's tests.
//! Otherwise it is shown as `ignore`d text, since a path guessed from `module_path!()` would
//! break the user's doctests whenever the module sits in a private parent.

use crate::model::{Format, Param, Spec};

use super::docs::code;
use super::request::caller_headers;

/// The example section (`# Example` and its code block), in Markdown.
pub(crate) fn example_section(
    spec: &Spec,
    module: &str,
    doc_path: Option<&str>,
    runtime: &str,
    request_examples: &[(String, String)],
) -> String {
    let complete: Vec<&(String, String)> = spec
        .body
        .iter()
        .flat_map(|b| &b.examples)
        .zip(request_examples)
        .filter(|(example, _)| !example.partial && !example.cut_off)
        .map(|(_, sample)| sample)
        .collect();
    let fence = if doc_path.is_some() {
        "```no_run"
    } else {
        "```ignore"
    };
    let module_path = match doc_path {
        Some(path) => format!("{path}::{module}"),
        None => format!("my_crate::{module}"),
    };
    let multipart = spec.body.as_ref().is_some_and(|b| b.multipart);
    let mut text = String::from("\n\n# Example\n\n");
    text.push_str(if multipart {
        "A form with files has no string form: build `Request` from typed values \
         (`body::Body::new(..)`, `FilePart::from_bytes`), then send it:"
    } else {
        "From strings, as they come from a form or a database: `validate` reports every \
         violation at once, before any I/O; then the client signs and sends the request and \
         decodes the answer."
    });
    if doc_path.is_none() {
        text.push_str(&format!(
            " (Not compiled: name the module's public path with {} on the derive to make this \
             a doctest.)",
            code("#[doku(doc_path = \"...\")]")
        ));
    }
    text.push_str("\n\n");
    text.push_str(fence);
    text.push('\n');
    let client = format!("{runtime}::Client");
    if multipart {
        text.push_str(&format!(
            "# async fn example(client: &{client}, request: {module_path}::Request) -> \
             Result<(), Box<dyn std::error::Error>> {{\n"
        ));
    } else {
        text.push_str(&format!(
            "# async fn example(client: &{client}) -> Result<(), Box<dyn std::error::Error>> {{\n\
             use {module_path}::RawRequest;\n\n\
             let request = RawRequest {{\n"
        ));
        for param in spec.path_params.iter().chain(&spec.query) {
            let value = example_value(spec, param);
            if param.required {
                text.push_str(&format!("    {}: {value:?},\n", param.rust_name));
            } else {
                text.push_str(&format!("    {}: Some({value:?}),\n", param.rust_name));
            }
        }
        if spec.body.is_some() {
            text.push_str(&format!(
                "    body: {},\n",
                raw_string(&body_sample(&complete))
            ));
        }
        for header in caller_headers(spec) {
            let value = header.example.as_deref().unwrap_or("...");
            text.push_str(&format!("    {}: {value:?},\n", header.rust_name));
        }
        text.push_str("}\n.validate()?;\n");
    }
    text.push_str(
        "let reply = client.send(request).await?;\n\
         println!(\"{:#?}\", reply.data);\n\
         # Ok(())\n\
         # }\n```",
    );
    text
}

/// A value the spec allows for `param`: what the first rule case fixes or allows, else its
/// documented example, else its enum's first value.
fn example_value(spec: &Spec, param: &Param) -> String {
    if let Some(rule) = spec.rules.first() {
        if rule.when_param == param.name {
            return rule.when_value.clone();
        }
        if let Some((_, allowed)) = rule.then.iter().find(|(name, _)| *name == param.name)
            && let Some(first) = allowed.first()
        {
            return first.clone();
        }
    }
    if let Some(example) = &param.example {
        return example.clone();
    }
    let first_value = param
        .enum_ref
        .as_ref()
        .and_then(|name| spec.enums.iter().find(|e| &e.name == name))
        .and_then(|def| def.values.first());
    match (first_value, param.format) {
        (Some(value), _) => value.wire.clone(),
        (None, Format::Boolean) => "true".to_owned(),
        _ => "...".to_owned(),
    }
}

/// The first request sample that is JSON, exactly as DOKU's page has it (its key order),
/// indented into the example; `{ ... }` when the spec has none (or only one cut off on DOKU's
/// page, which is not JSON).
fn body_sample(request_examples: &[&(String, String)]) -> String {
    shown_sample(request_examples).map_or_else(
        || "{ ... }".to_owned(),
        |(_, json)| json.trim_end().replace('\n', "\n    "),
    )
}

/// The request sample the example shows: the first complete one that is JSON.
fn shown_sample<'a>(request_examples: &[&'a (String, String)]) -> Option<&'a (String, String)> {
    request_examples
        .iter()
        .find(|(_, json)| serde_json::from_str::<serde::de::IgnoredAny>(json).is_ok())
        .copied()
}

/// The name of the request sample the module's example shows, so the docs do not print it a
/// second time.
pub(crate) fn shown_sample_name<'a>(
    spec: &Spec,
    request_examples: &'a [(String, String)],
) -> Option<&'a str> {
    if spec.body.as_ref().is_none_or(|b| b.multipart) {
        return None;
    }
    let complete: Vec<&(String, String)> = spec
        .body
        .iter()
        .flat_map(|b| &b.examples)
        .zip(request_examples)
        .filter(|(example, _)| !example.partial && !example.cut_off)
        .map(|(_, sample)| sample)
        .collect();
    shown_sample(&complete).map(|(name, _)| name.as_str())
}

/// `text` as a raw string literal, with enough `#` that no quote inside ends it.
pub(crate) fn raw_string(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_strings_outlast_their_quotes() {
        assert_eq!(raw_string(r#"{"a":1}"#), r##"r#"{"a":1}"#"##);
        assert_eq!(raw_string(r##"x"#y"##), r###"r##"x"#y"##"###);
    }
}
