//! Emit: an endpoint's declared response headers and error envelopes, as two `Endpoint`
//! constants (what the client checks and the stand-in sends) and two docs sections.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, table_cell};
use crate::formats::{Check, check, rule_tokens};
use crate::model::{ResponseHeaderCheck, Spec};

/// `RESPONSE_HEADERS` and `ERROR_ENVELOPES`, each only when the spec declares some.
pub(super) fn endpoint_consts(spec: &Spec, rt: &syn::Path) -> TokenStream {
    let headers: Vec<TokenStream> = spec
        .response_headers
        .iter()
        .map(|h| {
            let name = &h.name;
            let mandatory = h.mandatory;
            let example = h.example.as_deref().unwrap_or_default();
            let kind = match (h.check, h.format.map(check)) {
                (ResponseHeaderCheck::SameAsRequest, _) => quote!(SameAsRequest),
                (ResponseHeaderCheck::Signature, _) => quote!(Signature),
                (ResponseHeaderCheck::Format, Some(Check::Rule(rule))) => {
                    let rule = rule_tokens(rule, rt);
                    quote!(Format(#rule))
                }
                (ResponseHeaderCheck::Format, Some(Check::Date)) => quote!(Timestamp),
                _ => quote!(Present),
            };
            quote! {
                #rt::response_headers::ResponseHeader {
                    name: #name,
                    mandatory: #mandatory,
                    check: #rt::response_headers::HeaderCheck::#kind,
                    example: #example,
                }
            }
        })
        .collect();
    let headers = (!headers.is_empty()).then(|| {
        quote! {
            const RESPONSE_HEADERS: &'static [#rt::response_headers::ResponseHeader] =
                &[#(#headers),*];
        }
    });
    let envelopes: Vec<TokenStream> = spec
        .errors
        .envelopes
        .iter()
        .map(|e| match e.form {
            doku_partner_support::error::EnvelopeForm::Error => {
                quote!(#rt::error::EnvelopeForm::Error)
            }
            doku_partner_support::error::EnvelopeForm::Message => {
                quote!(#rt::error::EnvelopeForm::Message)
            }
        })
        .collect();
    let envelopes = (!envelopes.is_empty()).then(|| {
        quote! {
            const ERROR_ENVELOPES: &'static [#rt::error::EnvelopeForm] = &[#(#envelopes),*];
        }
    });
    quote!(#headers #envelopes)
}

/// The `# Response headers` section: each declared header and how the client checks it.
pub(super) fn push_header_docs(text: &mut String, spec: &Spec) {
    if spec.response_headers.is_empty() {
        return;
    }
    text.push_str(
        "\n\n# Response headers\n\nSent with a success, read into `Reply::headers` and checked \
         by the client; the local stand-in sends exactly these.\n",
    );
    for h in &spec.response_headers {
        let how = match h.check {
            ResponseHeaderCheck::Present => "present".to_owned(),
            ResponseHeaderCheck::SameAsRequest => "the same as the request's".to_owned(),
            ResponseHeaderCheck::Format => match h.format {
                Some(f) => format!("in format {}", code(&f.doku_notation())),
                None => "present".to_owned(),
            },
            ResponseHeaderCheck::Signature => "the response signature, verified".to_owned(),
        };
        let mandatory = if h.mandatory { "mandatory" } else { "optional" };
        text.push_str(&format!("\n- {} ({mandatory}; {how}", code(&h.name)));
        if let Some(example) = &h.example {
            text.push_str(&format!(", e.g. {}", code(example)));
        }
        text.push(')');
        if !h.description.trim().is_empty() {
            text.push_str(&format!(": {}", table_cell(&h.description)));
        }
        for note in &h.notes {
            text.push_str(" Note: ");
            text.push_str(&table_cell(note));
        }
    }
}

/// The `# Error envelopes` section: the envelopes the endpoint may answer, with samples.
pub(super) fn push_envelope_docs(text: &mut String, spec: &Spec) {
    if spec.errors.envelopes.is_empty() {
        return;
    }
    text.push_str(
        "\n\n# Error envelopes\n\nAn error answer comes in one of these; another one is \
         `Error::UndeclaredEnvelope`.\n",
    );
    for e in &spec.errors.envelopes {
        text.push_str(&format!("\n- {}", code(e.form.spec_name())));
        if !e.description.trim().is_empty() {
            text.push_str(&format!(": {}", table_cell(&e.description)));
        }
        if let Some(sample) = &e.sample {
            text.push_str(&format!(" Sample: {}", code(sample)));
        }
    }
}
