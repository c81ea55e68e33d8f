//! Issue 6, items 1 and 2: decoding the page's two Get Business Data samples, and the
//! conformance check on a decoded sample.
//!
//! Variants, all through `serde_json::from_slice` on the same bytes (what a client holds after
//! reading a body):
//!
//! - `generated`: `doku_partner::endpoints::get_business_data::Response` (keeps unknown keys in
//!   `extra` through the runtime's `ResponseObject` visitor; enum fields are `OrUnknown<T>`,
//!   which keeps unknown values);
//! - `derive`: hand-written `#[derive(Deserialize)]` structs of the same shape (the baseline);
//!   unknown keys are ignored, enums are closed with a `#[serde(other)]` catch-all;
//! - `derive_flatten`: the same structs with `#[serde(flatten)] extra: Map<String, Value>`, what
//!   a careful engineer keeping unknown keys would write (context);
//! - `value`: `serde_json::Value`.
//!
//! Run: `cargo bench --bench decode -- --noplot`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use doku_partner::endpoints::get_business_data::Response;
use doku_partner::support::Conformance as _;

const PERSONAL: &[u8] = include_bytes!("../spec/examples/get_business_data.personal.json");
const CORPORATE: &[u8] = include_bytes!("../spec/examples/get_business_data.corporate.json");

/// The hand-written baseline: one `#[derive(Deserialize)]` struct per object, field for field
/// the generated shape (`String` for strings, `i64` for the numbers DOKU sends, `Option` for
/// the fields missing from one sample, `Vec<Value>` for the `[[]]` arrays, enums for the four
/// enum-typed fields). `$($extra)*` is spliced into every struct: nothing for `plain`, a
/// flattened map for `flatten`.
macro_rules! baseline_shapes {
    ($($extra:tt)*) => {
        use serde::Deserialize;
        #[allow(unused_imports)] // `Map` is only used by the `flatten` expansion.
        use serde_json::{Map, Value};

        #[derive(Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum BusinessType {
            Personal,
            Corporate,
            #[serde(other)]
            Unknown,
        }

        #[derive(Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum BusinessLegalEntity {
            Perseorangan,
            Pt,
            Cv,
            Ud,
            Koperasi,
            Firma,
            Pp,
            Bumn,
            PtnBh,
            Yayasan,
            PerkumpulanBerbadanHukum,
            Blu,
            #[serde(other)]
            Unknown,
        }

        #[derive(Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum BrandBusinessLine {
            Agriculture,
            CapitalMarket,
            Charity,
            Communication,
            DigitalAndGame,
            Education,
            EventOrganizer,
            FinancialService,
            FoodAndBeverage,
            GasStation,
            Hospitality,
            Insurance,
            Logistics,
            Manufacture,
            Marketplace,
            Mining,
            OnlineStore,
            P2pLending,
            Property,
            PublicService,
            Retail,
            Transportation,
            TravelAgent,
            #[serde(other)]
            Unknown,
        }

        #[derive(Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum BusinessContactNationality {
            Id,
            #[serde(other)]
            Unknown,
        }

        #[derive(Deserialize)]
        pub struct CodeName {
            pub code: String,
            pub name: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct LegalEntity {
            pub code: BusinessLegalEntity,
            pub name: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct BrandBusinessLineInfo {
            pub code: BrandBusinessLine,
            pub name: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct BrandPhotoProof {
            pub id: String,
            pub photo: String,
            pub rejected: bool,
            pub notified: bool,
            pub approval_uuid: String,
            pub status: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct BrandSocialMedia {
            pub id: String,
            pub code: String,
            pub name: String,
            pub account: String,
            pub rejected: bool,
            pub notified: bool,
            pub approval_uuid: String,
            pub status: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct BrandProduct {
            pub id: String,
            pub code: String,
            pub name: String,
            pub description: String,
            pub rejected: bool,
            pub notified: bool,
            pub approval_uuid: String,
            pub status: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct Brand {
            pub id: String,
            pub name: String,
            pub shared_key: String,
            pub category: Option<String>,
            pub business_line: Option<BrandBusinessLineInfo>,
            pub minimum_transaction: i64,
            pub maximum_transaction: i64,
            pub transaction_frequency: CodeName,
            pub transaction_quantity: CodeName,
            pub ticket_size: CodeName,
            pub finance_status: String,
            pub risk_engine_status: String,
            pub photo_proofs: Vec<BrandPhotoProof>,
            pub social_media: Vec<BrandSocialMedia>,
            pub products: Vec<BrandProduct>,
            pub audit_logs: Vec<Value>,
            pub authorized: bool,
            pub rejected: bool,
            pub notified: bool,
            pub approval_uuid: String,
            pub status: String,
            pub description: String,
            pub created_date: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct ContactNationality {
            pub code: BusinessContactNationality,
            pub name: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct Contact {
            pub id: String,
            pub name: String,
            pub email: String,
            pub phone_calling_code: String,
            pub phone_number: String,
            pub liveness_image: Option<String>,
            pub position: CodeName,
            pub nationality: ContactNationality,
            pub liveness_factor: Option<CodeName>,
            pub use_primary: bool,
            pub rejected: bool,
            pub notified: bool,
            pub approval_uuid: String,
            pub status: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct AddressArea {
            pub code: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct Address {
            pub id: String,
            pub name: String,
            pub area: AddressArea,
            pub country: CodeName,
            pub use_primary: bool,
            pub rejected: bool,
            pub notified: bool,
            pub approval_uuid: String,
            pub status: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct DocumentForm {
            pub code: String,
            pub name: String,
            pub value: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct Document {
            pub id: String,
            pub relation: Option<String>,
            pub link: String,
            pub document: CodeName,
            pub forms: Vec<DocumentForm>,
            pub rejected: bool,
            pub notified: bool,
            pub approval_uuid: String,
            pub status: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct Bank {
            pub id: String,
            pub bank_id: String,
            pub bank_name: String,
            pub swift_code: String,
            pub account_name: String,
            pub account_number: String,
            pub documents: Vec<Value>,
            pub country: CodeName,
            pub currency: CodeName,
            pub rejected: bool,
            pub notified: bool,
            pub approval_uuid: String,
            pub status: String,
            $($extra)*
        }

        #[derive(Deserialize)]
        pub struct Response {
            pub id: String,
            pub name: String,
            pub description: String,
            pub email: String,
            pub phone_calling_code: String,
            pub phone_number: String,
            pub partner: String,
            pub platform: String,
            #[serde(rename = "type")]
            pub type_: BusinessType,
            pub website_readiness: CodeName,
            pub mobile_app_readiness: CodeName,
            pub legal_entity: LegalEntity,
            pub brands: Vec<Brand>,
            pub contacts: Vec<Contact>,
            pub addresses: Vec<Address>,
            pub documents: Vec<Document>,
            pub banks: Vec<Bank>,
            pub step_number: i64,
            pub rejected: bool,
            pub notified: bool,
            pub approval_uuid: String,
            pub status: String,
            $($extra)*
        }
    };
}

/// Baseline: unknown keys ignored.
#[allow(dead_code)]
mod plain {
    baseline_shapes!();
}

/// Context: unknown keys kept with `#[serde(flatten)]`.
#[allow(dead_code)]
mod flatten {
    baseline_shapes!(#[serde(flatten)] pub extra: Map<String, Value>,);
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

fn decode(c: &mut Criterion) {
    for (name, bytes) in [("personal", PERSONAL), ("corporate", CORPORATE)] {
        // Every variant must accept the sample, or the comparison means nothing.
        let generated: Response = serde_json::from_slice(bytes).expect("generated decodes");
        assert!(generated.extra.is_empty());
        serde_json::from_slice::<plain::Response>(bytes).expect("baseline decodes");
        let flat: flatten::Response = serde_json::from_slice(bytes).expect("flatten decodes");
        assert!(flat.extra.is_empty());

        let mut group = c.benchmark_group(format!("decode/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("generated", |b| {
            b.iter(|| serde_json::from_slice::<Response>(black_box(bytes)).unwrap())
        });
        group.bench_function("derive", |b| {
            b.iter(|| serde_json::from_slice::<plain::Response>(black_box(bytes)).unwrap())
        });
        group.bench_function("derive_flatten", |b| {
            b.iter(|| serde_json::from_slice::<flatten::Response>(black_box(bytes)).unwrap())
        });
        group.bench_function("value", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).unwrap())
        });
        group.finish();
    }
}

fn conformance(c: &mut Criterion) {
    let mut group = c.benchmark_group("conformance");
    for (name, bytes) in [("personal", PERSONAL), ("corporate", CORPORATE)] {
        let decoded: Response = serde_json::from_slice(bytes).unwrap();
        // The samples break their documented formats (that is what the check is for), so this
        // measures a walk that records findings, not only a clean one.
        let findings = decoded.conformance().len();
        println!("conformance/{name}: {findings} finding(s)");
        group.bench_function(name, |b| b.iter(|| black_box(&decoded).conformance()));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = decode, conformance
}
criterion_main!(benches);
