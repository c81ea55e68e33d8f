//! The generated code of an incoming spec (`direction: incoming`): the body DOKU sends, typed
//! exactly as a response is (the `response` module, the same lenient `ResponseObject` structs),
//! an `Event` alias for it, and the runtime's `IncomingSpec` on the deriving struct. No request
//! side: the partner never sends this request, it receives it.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, inner_doc, prose, table_cell};
use super::{EmitInput, enums, ident, response};
use crate::model::Spec;

/// Generates everything for one incoming spec.
pub(super) fn emit(input: &EmitInput<'_>) -> TokenStream {
    let spec = input.spec;
    let rt = &input.runtime;
    let target = &input.target;
    let vis = &input.vis;
    let module = ident(&crate::names::snake_case(&target.to_string()));
    let tracking = input.track_files.iter().map(|path| {
        quote! { const _: &[u8] = ::core::include_bytes!(#path); }
    });
    let module_doc = inner_doc(&module_doc(
        spec,
        &target.to_string(),
        &input.spec_display_path,
    ));
    let notes = super::docs::notes_module(spec);
    let enums = enums::value_enums(spec, &input.spec_display_path, rt);
    let body = response::emit(spec, rt);
    let name = &spec.name;
    let method = spec.method.as_str();
    let path = &spec.path.raw;
    let status = spec.response.status;
    let examples = input.examples.iter().enumerate().map(|(i, (name, json))| {
        let file = spec.response.examples.get(i).map(|e| e.file.as_str());
        let text = input.sample_files.expression(file, json);
        quote!((#name, #text))
    });
    let title = prose(&spec.title);
    let event_doc = format!(
        "The body of {title} as DOKU sends it: the handler's `Event<{module}::Event>` holds it \
         with its conformance findings and the raw bytes."
    );
    let event_doc = super::docs::doc(&event_doc);
    let contents = quote! {
        #module_doc

        #enums
        #body

        #event_doc
        pub type Event = self::response::Response;
        #notes
    };
    let contents = super::aliases::module_contents(contents, rt);
    quote! {
        #(#tracking)*

        #vis mod #module {
            #contents
        }

        #[automatically_derived]
        impl #rt::inbound::IncomingSpec for #target {
            const NAME: &'static str = #name;
            const METHOD: &'static str = #method;
            const PATH: &'static str = #path;
            const ANSWER_STATUS: u16 = #status;
            const EXAMPLES: &'static [(&'static str, &'static str)] = &[#(#examples),*];
            type Body = #module::Event;
        }
    }
}

fn module_doc(spec: &Spec, target: &str, spec_path: &str) -> String {
    let mut text = format!(
        "{}: DOKU sends `{} {}` to the partner.\n\n{}",
        prose(&spec.title),
        spec.method.as_str(),
        spec.path.raw,
        prose(&spec.summary),
    );
    text.push_str(&format!(
        "\n\n# Reference\n\nGenerated from {} by `#[derive(Endpoint)]` on \
         [`{target}`](super::{target}), an incoming spec; source: <{}>. The path is a \
         default: the partner configures its own at DOKU and gives it to the receiver.",
        code(spec_path),
        spec.docs_url.trim(),
    ));
    if !spec.notes.is_empty() {
        text.push_str(" What the spec records about DOKU's page is in [`notes`].");
    }
    text.push_str(match spec.auth.signature {
        crate::model::SignatureScheme::NonSnapHmacSha256 => {
            "\n\n# Signature\n\nDOKU signs it with the Non-SNAP HMAC-SHA256 signature: \
             `Request-Target` is the partner's path, the `Digest` covers the raw body. The \
             receiver verifies it before anything else."
        }
        crate::model::SignatureScheme::None => {
            "\n\n# Signature\n\nNone: DOKU does not sign it (the spec's `signature: none`)."
        }
    });
    text.push_str(&format!(
        "\n\n# Answer\n\nThe partner answers {} once the event is safely stored. DOKU retries a \
         delivery that gets anything else than a 2xx (DOKU's page: after 30 minutes, 6 hours \
         and 12 hours).",
        spec.response.status
    ));
    if !spec.headers.is_empty() {
        // A list, not a table: a row would run past any line width.
        text.push_str("\n\n# Headers\n\nWhat DOKU sends; the receiver verifies them.\n");
        for h in &spec.headers {
            text.push_str(&format!("\n- {}", code(&h.name)));
            let mut facts = Vec::new();
            if let Some(format) = h.format {
                facts.push(format!("DOKU format {}", code(&format.doku_notation())));
            }
            if let Some(example) = &h.example {
                facts.push(format!("e.g. {}", code(example)));
            }
            if !facts.is_empty() {
                text.push_str(&format!(" ({})", facts.join(", ")));
            }
            if !h.description.trim().is_empty() {
                text.push_str(&format!(": {}", table_cell(&h.description)));
            }
            for note in &h.notes {
                text.push_str(" Note: ");
                text.push_str(&table_cell(note));
            }
        }
    }
    if !spec.response.examples.is_empty() {
        text.push_str("\n\n# Samples\n\n`IncomingSpec::EXAMPLES`:\n");
        for example in &spec.response.examples {
            text.push_str(&format!("\n- {}", code(&example.name)));
            if !example.description.trim().is_empty() {
                text.push_str(&format!(": {}", prose(&example.description)));
            }
        }
    }
    text
}
