//! Onboarding one sub-merchant, the whole Partner API flow in DOKU's order: Check
//! Requirements → Generate Token → Upload File → Create Business Lite (or Business
//! Registration with `--full`) → Get Business Data, printing each step.
//!
//! With `DOKU_CLIENT_ID` and `DOKU_SECRET_KEY` set it calls DOKU's sandbox (or `DOKU_ENV`,
//! `DOKU_BASE_URL`); without them it starts the local Partner API stand-in on 127.0.0.1, which
//! keeps what it is sent, so the last step reads back the business the flow registered.
//! Run `cargo run --example onboard -- --help`.

use std::process::ExitCode;

use doku_partner::endpoints::create_business_lite::body as lite;
use doku_partner::endpoints::upload_file::UploadCategory;
use doku_partner::endpoints::upload_file::body::{Body as Upload, BodyFileOrFileUrl};
use doku_partner::endpoints::{
    business_registration, check_requirements, create_business_lite, generate_token,
    get_business_data, upload_file,
};
use doku_partner::runtime::multipart::FilePart;
use doku_partner::runtime::redact::mask;
use doku_partner::stand_in::PartnerStandIn;
use doku_partner::tokens::GenerateTokens;
use doku_partner::{Client, Credentials, Environment, Error};

const HELP: &str = "\
onboard: register one sub-merchant with DOKU's Partner API, step by step.

USAGE:
    cargo run --example onboard -- [OPTIONS]

OPTIONS:
    --name <NAME>     Business name (default: Toko Contoh)
    --email <EMAIL>   Owner's e-mail (default: owner@example.com)
    --file <PATH>     The owner's KTP scan to upload (.jpg, .jpeg, .png or .pdf, at most
                      15 MiB; default: a small generated PNG)
    --full            Business Registration (the full form) instead of Create Business Lite
    -h, --help        Print this help

CREDENTIALS AND HOST:
    DOKU_CLIENT_ID, DOKU_SECRET_KEY   Your partner credentials. Without both, the local Partner
                                      API stand-in is started on 127.0.0.1 and called instead.
    DOKU_ENV                          sandbox (default) or production
    DOKU_BASE_URL                     Any base URL, e.g. https://api-sandbox.doku.com
";

struct Options {
    name: String,
    email: String,
    file: Option<String>,
    full: bool,
}

fn parse_args() -> Result<Option<Options>, String> {
    let mut o = Options {
        name: "Toko Contoh".to_owned(),
        email: "owner@example.com".to_owned(),
        file: None,
        full: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--full" => o.full = true,
            "--name" => o.name = value("--name")?,
            "--email" => o.email = value("--email")?,
            "--file" => o.file = Some(value("--file")?),
            other => return Err(format!("unknown argument {other:?}; try --help")),
        }
    }
    Ok(Some(o))
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(body) = e.downcast_ref::<Error>().and_then(Error::body) {
                // Printed with the secrets and personal data the spec marks hidden.
                eprintln!("DOKU answered: {}", body.redacted());
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(options: Options) -> Result<(), Box<dyn std::error::Error>> {
    // Credentials, or the stand-in (kept alive until the end of the flow).
    let (credentials, environment, stand_in) = match (env("DOKU_CLIENT_ID"), env("DOKU_SECRET_KEY"))
    {
        (Some(id), Some(key)) => {
            let environment = match (env("DOKU_BASE_URL"), env("DOKU_ENV").as_deref()) {
                (Some(url), _) => Environment::base_url(url),
                (None, Some("production")) => Environment::Production,
                (None, _) => Environment::Sandbox,
            };
            println!("calling DOKU ({environment:?}) as {id}");
            (Credentials::new(id, key), environment, None)
        }
        _ => {
            let (id, key) = ("BRN-0001-10791114622547", "SK-local-stand-in");
            let stand_in = PartnerStandIn::start(id, key).await?;
            println!(
                "no DOKU_CLIENT_ID/DOKU_SECRET_KEY: calling the local Partner API stand-in at {}",
                stand_in.base_url()
            );
            let environment = Environment::base_url(stand_in.base_url());
            (Credentials::new(id, key), environment, Some(stand_in))
        }
    };
    let client = Client::builder(credentials, environment.clone())
        .token_source(GenerateTokens::new().valid_for_minutes(60))
        .build()?;

    // 1. Which documents does a PERSONAL business need?
    let requirements = client
        .send(check_requirements::Request::new(
            check_requirements::Query::Personal,
        ))
        .await?;
    println!("\n1. Check Requirements (PERSONAL):");
    let contact = &requirements.data.business.contact;
    for document in &contact.documents {
        println!(
            "   document {} ({}): {}, at most {}",
            document.code,
            document.name,
            document.extensions.join("/"),
            document.max_size
        );
    }
    println!(
        "   owner liveness: {}",
        contact.owner_liveness.extensions.join("/")
    );

    // 2. A bearer token (the client would fetch one by itself; shown here as a step).
    let token = client
        .send(generate_token::Request::from(
            generate_token::body::Body::new(generate_token::GrantType::ClientCredentials)
                .with_valid_time("60"),
        ))
        .await?;
    let expires = doku_partner::tokens::BearerToken::from_jwt(token.data.token, 0, None);
    println!(
        "\n2. Generate Token: a token valid until {} (Unix time; the token itself is not printed)",
        expires
            .expires_at()
            .map_or("?".to_owned(), |t| t.to_string())
    );

    // 3. Upload the owner's KTP.
    let file = match &options.file {
        Some(path) => FilePart::from_path(path, 15 * 1024 * 1024)?,
        None => FilePart::from_bytes("ktp.png", "image/png", sample_png()),
    };
    println!(
        "\n3. Upload File: {} ({} bytes)",
        file.file_name(),
        file.bytes().len()
    );
    let upload =
        Upload::new(UploadCategory::Document, BodyFileOrFileUrl::File(file)).with_code("KTP");
    let uploaded = client.send(upload_file::Request::from(upload)).await?;
    println!(
        "   file {} ({}), link {}",
        uploaded.data.id, uploaded.data.category, uploaded.data.link
    );

    // 4. Register the business.
    let brand_id = if options.full {
        let body = serde_json::json!({
            "business": {
                "type": "PERSONAL",
                "callback_url": "https://partner.example.com/doku/kyb",
                "legal_entity": "PERSEORANGAN",
                "name": options.name,
                "description": "Onboarded with doku-partner",
                "email": options.email,
                "phone_calling_code": "62",
                "phone_number": "81234567890",
                "website_readiness": "DONT_HAVE",
                "mobile_app_readiness": "DONT_HAVE",
                "brands": [{
                    "name": options.name,
                    "description": "Onboarded with doku-partner",
                    "category": "NON_RETAIL",
                    "transaction_frequency": "UMI",
                    "transaction_quantity": "UP_TO_100",
                    "social_media": [],
                    "photo_proofs": [{"id": uploaded.data.id}]
                }],
                "addresses": [{
                    "area": "17133 - Kali Baru - Medan Satria - Bekasi - Jawa Barat",
                    "country": "ID",
                    "name": "Jalan Gatot Subroto No 20",
                    "primary": true
                }],
                "contacts": [{"name": options.name}]
            }
        })
        .to_string();
        let request = business_registration::RawRequest { body: &body }.validate()?;
        let reply = client.send(request).await?;
        // DOKU documents no answer: it is kept whole, every key as sent.
        let answer = serde_json::to_string(&reply.data)?;
        println!("\n4. Business Registration: DOKU answered {answer}");
        let business = reply.data.extra.get("business").map(|b| b.value());
        business
            .as_ref()
            .and_then(|b| b["brands"][0]["id"].as_str())
            .ok_or("the registration answer has no business.brands[0].id")?
            .to_owned()
    } else {
        let body = lite::Body::new(
            lite::Business::new(
                format!("partner-ref-{}", std::process::id()),
                options.name.as_str(),
                lite::BusinessContact::new(
                    options.name.as_str(),
                    options.email.as_str(),
                    "62",
                    "81234567890",
                ),
            ),
            lite::InvitedUser::new(options.email.as_str()),
        );
        let reply = client
            .send(create_business_lite::Request::from(body))
            .await?;
        let business = &reply.data.business;
        let brand = business.brands.first().ok_or("no brand in the answer")?;
        println!(
            "\n4. Create Business Lite: business {}, brand (Client-Id) {}",
            business.id, brand.id
        );
        brand.id.clone()
    };

    // 5. Read it back.
    let data = client
        .send(get_business_data::Request::new(
            brand_id.parse()?,
            get_business_data::Query::Personal,
        ))
        .await?;
    println!(
        "\n5. Get Business Data for {brand_id}: {} <{}>, business {}, brand {}, shared key {}",
        data.data.name,
        mask(&data.data.email),
        data.data.id,
        data.data.brands.first().map_or("-", |b| b.name.as_str()),
        data.data
            .brands
            .first()
            .map_or_else(|| "-".to_owned(), |b| b.shared_key.to_string()),
    );
    let findings = &data.conformance.findings;
    if !findings.is_empty() {
        println!(
            "   {} value(s) break DOKU's own documented formats (kept as sent), e.g.:",
            findings.len()
        );
        for finding in findings.iter().take(3) {
            println!("   - {finding}");
        }
    }

    // 6. Sign as the new sub-merchant: its brand ID and shared key, straight from the reply
    // (the key never passes through a `String`). DOKU's sub-merchant calls are its payments;
    // the stand-in accepts the new brand as a client for any of its endpoints.
    let brand = data
        .data
        .brands
        .first()
        .ok_or("no brand in Get Business Data")?;
    if stand_in.is_some() {
        let sub_merchant = Client::builder(brand.credentials(), environment).build()?;
        let own = sub_merchant
            .send(get_business_data::Request::new(
                brand.id.parse()?,
                get_business_data::Query::Personal,
            ))
            .await?;
        println!(
            "\n6. Signed as the sub-merchant {} with its shared key {}: HTTP {}, business {}",
            brand.id, brand.shared_key, own.status, own.data.id
        );
    } else {
        println!(
            "\n6. The sub-merchant's credentials are ready (`brand.credentials()`, Client-Id {}); \
             it signs its own payments once DOKU approves the business.",
            brand.id
        );
    }
    Ok(())
}

/// A tiny valid PNG (1×1, white), so the flow runs without a file.
fn sample_png() -> Vec<u8> {
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R', 0,
        0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde, 0, 0, 0, 0x0c, b'I', b'D',
        b'A', b'T', 0x08, 0xd7, 0x63, 0xf8, 0xff, 0xff, 0x3f, 0, 0x05, 0xfe, 0x02, 0xfe, 0xdc,
        0xcc, 0x59, 0xe7, 0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82,
    ];
    PNG.to_vec()
}
