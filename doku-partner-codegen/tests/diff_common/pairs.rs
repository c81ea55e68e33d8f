//! The labelled change pairs: a spec of `spec/`, a deterministic edit of a copy (every
//! anchor must occur exactly once), and every finding the pair must produce: severity, rule,
//! which version the location is in, `line:col`. Nothing else may be reported, so a pair also
//! proves the absence of noise.

use super::{Edit, Expect, Pair};

use Edit::{Cut, Insert, Replace};

/// Shorthand: a finding in the new version.
pub const fn n(severity: &'static str, rule: &'static str, line: u32, col: u32) -> Expect {
    Expect {
        severity,
        rule,
        old: false,
        line,
        col,
    }
}

/// Shorthand: a finding located in the old version (a removal).
pub const fn o(severity: &'static str, rule: &'static str, line: u32, col: u32) -> Expect {
    Expect {
        severity,
        rule,
        old: true,
        line,
        col,
    }
}

pub const B: &str = "breaking";
pub const A: &str = "additive";
pub const D: &str = "docs";

pub const GBD: &str = "get_business_data.yaml";
pub const BR: &str = "business_registration.yaml";
pub const CR: &str = "check_requirements.yaml";
pub const CBL: &str = "create_business_lite.yaml";
pub const GT: &str = "generate_token.yaml";
pub const UF: &str = "upload_file.yaml";
pub const KC: &str = "kyb_callback.yaml";
pub const PN: &str = "payment_notification.yaml";
pub const CS: &str = "payments/check_status.yaml";

/// An incoming spec's hosts, as an outgoing one needs them.
const HOSTS: &str =
    "hosts:\n  sandbox: https://api-uat.doku.com\n  production: https://api.doku.com\n";

pub const CO: &str = "payments/checkout.yaml";
pub const VA: &str = "payments/va_payment_code.yaml";

/// Business Registration's second `same` rule, and the sample's break it explains.
pub const SAME_DESCRIPTION_RULE: Edit = Cut(
    "    - when: { business.type: PERSONAL }\n      same: [business.description,",
    "  examples:\n",
);
pub const SAME_DESCRIPTION_BREAK: Edit = Replace(
    "breaks: [\"business.brands[0].name\", \"business.brands[0].description\"]",
    "breaks: [\"business.brands[0].name\"]",
);
/// Checkout's limit that depends on a channel the request names (`max_length` under `when`).
pub const LIMIT_RULE: Edit = Cut(
    "    - when: { payment.payment_method_types: CREDIT_CARD }\n",
    "  examples:\n    - name: basic\n",
);
pub const LIMIT_TIGHTER: Edit = Replace(
    "      max_length: { order.invoice_number: 30 }\n",
    "      max_length: { order.invoice_number: 20 }\n",
);
/// Checkout's `total` rule.
pub const TOTAL_RULE: Edit = Cut("    - total: order.amount\n", "    - when: { payment.type");

pub const CALLER_HEADER: Edit = Insert(
    "  - name: Signature\n    source: computed\n",
    "  - name: X-Partner-Ref\n    source: caller\n    format: ANS(32)\n",
);

pub const PAIRS: &[Pair] = &[
    // --- the endpoint -------------------------------------------------------------------
    Pair::new("rename generate_token", GT, &[Replace("name: generate_token", "name: generate_access_token")])
        .expect(&[n(B, "endpoint.name.changed", 9, 7)]),
    Pair::new("rename upload_file", UF, &[Replace("name: upload_file", "name: upload_document")])
        .expect(&[n(B, "endpoint.name.changed", 9, 7)]),
    Pair::new("kyb_callback incoming -> outgoing", KC, &[Replace("direction: incoming\n", "direction: outgoing\n"), Insert("\nauth:\n", HOSTS), Replace("\nevent:\n", "\nresponse:\n"), Replace("\nanswer:\n  status: 200\n", "\n")])
        .expect(&[n(B, "endpoint.direction.changed", 26, 12)]),
    Pair::new("payment_notification outgoing -> incoming", PN, &[Replace("direction: incoming\n", ""), Insert("\nauth:\n", HOSTS), Replace("\nevent:\n", "\nresponse:\n"), Replace("\nanswer:\n  status: 200\n", "\n")])
        .swapped()
        .expect(&[n(B, "endpoint.direction.changed", 32, 12)]),
    Pair::new("generate_token POST -> PUT", GT, &[Replace("method: POST", "method: PUT")])
        .expect(&[n(B, "endpoint.method.changed", 31, 9)]),
    Pair::new("check_requirements GET -> DELETE", CR, &[Replace("method: GET", "method: DELETE")])
        .expect(&[n(B, "endpoint.method.changed", 38, 9)]),
    Pair::new("get_business_data path", GBD, &[Replace("v1.0/business/{client_id}\n", "v1.0/businesses/{client_id}\n")])
        .expect(&[n(B, "endpoint.path.changed", 40, 7)]),
    Pair::new("upload_file path version", UF, &[Replace("path: /adv-core-api/partner/v1.0/file", "path: /adv-core-api/partner/v1.1/file")])
        .expect(&[n(B, "endpoint.path.changed", 34, 7)]),
    Pair::new("get_business_data production host", GBD, &[Replace("production: https://api.doku.com", "production: https://api-prod.doku.com")])
        .expect(&[n(B, "endpoint.host.changed", 44, 15)]),
    Pair::new("create_business_lite sandbox host", CBL, &[Replace("sandbox: https://api-uat.doku.com", "sandbox: https://api-sandbox.doku.com")])
        .expect(&[n(B, "endpoint.host.changed", 39, 12)]),
    Pair::new("generate_token status", GT, &[Replace("status: 200", "status: 201")])
        .expect(&[n(B, "response.status.changed", 97, 11)]),
    Pair::new("upload_file status", UF, &[Replace("status: 200", "status: 202")])
        .expect(&[n(B, "response.status.changed", 153, 11)]),
    // --- auth ---------------------------------------------------------------------------
    Pair::new("get_business_data unsigned", GBD, &[Replace("signature: non_snap_hmac_sha256", "signature: none")])
        .expect(&[n(B, "auth.signature.changed", 50, 14)]),
    Pair::new("check_requirements unsigned", CR, &[Replace("signature: non_snap_hmac_sha256", "signature: none")])
        .expect(&[n(B, "auth.signature.changed", 49, 14)]),
    Pair::new("get_business_data signs the query", GBD, &[Replace("query_in_target: false", "query_in_target: true")])
        .expect(&[n(B, "auth.query-in-target.changed", 51, 20)]),
    Pair::new("check_requirements signs the query", CR, &[Replace("query_in_target: false", "query_in_target: true")])
        .expect(&[n(B, "auth.query-in-target.changed", 50, 20)]),
    Pair::new("get_business_data needs a token", GBD, &[Replace("bearer_token: false", "bearer_token: true")])
        .expect(&[n(B, "auth.bearer-token.changed", 52, 17)]),
    Pair::new("upload_file no longer needs a token", UF, &[Replace("bearer_token: true", "bearer_token: false")])
        .expect(&[n(B, "auth.bearer-token.changed", 46, 17)]),
    Pair::new("generate_token issues no token", GT, &[Cut("  issues_token:\n", "\nheaders:")])
        .expect(&[n(B, "auth.issues-token.changed", 42, 3)]),
    Pair::new("generate_token no lifetime field", GT, &[Cut("    lifetime_field: valid_time\n", "\nheaders:")])
        .expect(&[n(B, "auth.issues-token.changed", 46, 5)]),
    // --- a path parameter in Request-Target ----------------------------------------------
    Pair::new("check_status signs the invoice number as it is", CS, &[Replace("    target: encoded\n", "    target: raw\n")])
        .expect(&[n(B, "request.param.target.changed", 73, 13)]),
    Pair::new("get_business_data signs the client id as it is", GBD, &[Insert("\nquery:\n", "    target: raw\n")])
        .expect(&[n(B, "request.param.target.changed", 80, 13)]),
    // --- a response in one shape per channel (response.union) ----------------------------
    Pair::new("check_status gains the PayLater shape", CS, &[Cut("      - name: PeerToPeer\n", "  examples:\n")])
        .swapped()
        .expect(&[n(A, "response.union.variant-added", 211, 15)]),
    Pair::new("check_status gains the Online to Offline shape", CS, &[Cut("      - name: OnlineToOffline\n", "      - name: PeerToPeer\n")])
        .swapped()
        .expect(&[n(A, "response.union.variant-added", 176, 15)]),
    Pair::new("check_status loses the PayLater shape", CS, &[Cut("      - name: PeerToPeer\n", "  examples:\n")])
        .expect(&[o(B, "response.union.variant-removed", 211, 15)]),
    Pair::new("check_status loses the Online to Offline shape", CS, &[Cut("      - name: OnlineToOffline\n", "      - name: PeerToPeer\n")])
        // The page's cut-off Alfa sample then names no variant: it no longer checks.
        .expect(&[o(B, "response.union.variant-removed", 176, 15), n(B, "sample.no-longer-checks", 219, 13)]),
    Pair::new("check_status BNI VA moves to the PayLater shape", CS, &[Replace(", VIRTUAL_ACCOUNT_BNI]", "]"), Replace("values: [PEER_TO_PEER_AKULAKU]", "values: [PEER_TO_PEER_AKULAKU, VIRTUAL_ACCOUNT_BNI]")])
        .expect(&[n(B, "response.union.value-moved", 213, 40)]),
    Pair::new("check_status BNI VA picks no shape", CS, &[Replace(", VIRTUAL_ACCOUNT_BNI]", "]")])
        .expect(&[o(B, "response.union.value-moved", 150, 69)]),
    Pair::new("check_status BNI VA gets the VA shape", CS, &[Replace(", VIRTUAL_ACCOUNT_BNI]", "]")])
        .swapped()
        .expect(&[n(A, "response.union.value-added", 150, 69)]),
    Pair::new("check_status Indomaret gets the Online to Offline shape", CS, &[Replace("values: [ONLINE_TO_OFFLINE_ALFA]", "values: [ONLINE_TO_OFFLINE_ALFA, ONLINE_TO_OFFLINE_INDOMARET]")])
        .expect(&[n(A, "response.union.value-added", 178, 42)]),
    // --- headers ------------------------------------------------------------------------
    Pair::new("get_business_data caller header added", GBD, &[CALLER_HEADER])
        .expect(&[n(B, "header.caller.added", 69, 11)]),
    Pair::new("create_business_lite caller header added", CBL, &[CALLER_HEADER])
        .expect(&[n(B, "header.caller.added", 65, 11)]),
    Pair::new("get_business_data caller header removed", GBD, &[CALLER_HEADER])
        .swapped()
        .expect(&[o(B, "header.caller.removed", 69, 11)]),
    Pair::new("business_registration caller header removed", BR, &[CALLER_HEADER])
        .swapped()
        .expect(&[o(B, "header.caller.removed", 75, 11)]),
    Pair::new("caller header narrowed", GBD, &[Replace("format: ANS(32)", "format: ANS(16)")])
        .base(&[CALLER_HEADER])
        .expect(&[n(B, "request.format.narrowed", 69, 11)]),
    // --- the body -----------------------------------------------------------------------
    Pair::new("create_business_lite loses its body", CBL, &[Cut("body:\n", "response:\n")])
        .expect(&[o(B, "request.body.removed", 71, 3)]),
    Pair::new("create_business_lite gains a body", CBL, &[Cut("body:\n", "response:\n")])
        .swapped()
        .expect(&[n(B, "request.body.added", 71, 3)]),
    Pair::new("business_registration loses its body", BR, &[Cut("body:\n", "response:\n")])
        .expect(&[o(B, "request.body.removed", 94, 3)]),
    Pair::new("business_registration gains a body", BR, &[Cut("body:\n", "response:\n")])
        .swapped()
        .expect(&[n(B, "request.body.added", 94, 3)]),
    Pair::new("generate_token body as a form", GT, &[Replace("body:\n  fields:", "body:\n  encoding: multipart\n  fields:")])
        .expect(&[n(B, "request.body.encoding.changed", 77, 13)]),
    Pair::new("generate_token body back to JSON", GT, &[Replace("body:\n  fields:", "body:\n  encoding: multipart\n  fields:")])
        .swapped()
        .expect(&[n(B, "request.body.encoding.changed", 77, 3)]),
    Pair::new("upload_file unsigned form", UF, &[Replace("\n  digest: body\n", "\n  digest: none\n")])
        .expect(&[n(B, "request.body.digest.changed", 115, 11)]),
    Pair::new("upload_file signed form", UF, &[Replace("\n  digest: body\n", "\n  digest: none\n")])
        .swapped()
        .expect(&[n(B, "request.body.digest.changed", 115, 11)]),
    // --- parameters ---------------------------------------------------------------------
    Pair::new("get_business_data query param added", GBD, &[Insert("\nenums:\n", "  - name: page\n    format: N(3)\n    required: false\n")])
        .expect(&[n(B, "request.param.added", 106, 5)]),
    Pair::new("check_requirements query param added", CR, &[Insert("\nenums:\n", "  - name: lang\n    format: AN(2)\n")])
        .expect(&[n(B, "request.param.added", 98, 5)]),
    Pair::new("get_business_data query param removed", GBD, &[Insert("\nenums:\n", "  - name: page\n    format: N(3)\n    required: false\n")])
        .swapped()
        .expect(&[o(B, "request.param.removed", 106, 5)]),
    Pair::new("check_requirements query param removed", CR, &[Insert("\nenums:\n", "  - name: lang\n    format: AN(2)\n")])
        .swapped()
        .expect(&[o(B, "request.param.removed", 98, 5)]),
    Pair::new("get_business_data optional query param now required", GBD, &[Replace("    format: N(3)\n    required: false\n", "    format: N(3)\n")])
        .base(&[Insert("\nenums:\n", "  - name: page\n    format: N(3)\n    required: false\n")])
        .expect(&[n(B, "request.field.now-required", 106, 5)]),
    Pair::new("get_business_data query param now optional", GBD, &[Replace("    format: N(3)\n    required: false\n", "    format: N(3)\n")])
        .base(&[Insert("\nenums:\n", "  - name: page\n    format: N(3)\n    required: false\n")])
        .swapped()
        .expect(&[n(B, "request.field.now-optional", 108, 15)]),
    Pair::new("get_business_data client_id charset narrowed", GBD, &[Replace("    format: ANS(50)\n    required: true\n", "    format: AN(50)\n    required: true\n")])
        .expect(&[n(B, "request.format.narrowed", 76, 13)]),
    Pair::new("get_business_data client_id widened", GBD, &[Replace("    format: ANS(50)\n    required: true\n", "    format: ANS(64)\n    required: true\n")])
        .expect(&[n(B, "request.format.widened-retyped", 76, 13)]),
    Pair::new("get_business_data client_id digits only", GBD, &[Replace("    format: ANS(50)\n    required: true\n", "    format: N(60)\n    required: true\n")])
        .expect(&[n(B, "request.format.changed", 76, 13)]),
    Pair::new("get_business_data client_id rust_name", GBD, &[Replace("  - name: client_id\n", "  - name: client_id\n    rust_name: brand_id\n")])
        .expect(&[n(B, "rust.name.changed", 76, 16)]),
    // --- body fields --------------------------------------------------------------------
    Pair::new("business_registration required field added", BR, &[Insert("    - path: business.email\n", "    - path: business.nickname\n      format: string(20)\n")])
        .expect(&[n(B, "request.field.added-required", 137, 13)]),
    Pair::new("create_business_lite required contact field added", CBL, &[Insert("    - path: business.contact.email\n", "    - path: business.contact.title\n      format: string(20)\n")])
        .expect(&[n(B, "request.field.added-required", 102, 13), n(B, "sample.no-longer-checks", 157, 13)]),
    Pair::new("create_business_lite optional contact field added", CBL, &[Insert("    - path: business.contact.email\n", "    - path: business.contact.title\n      format: string(20)\n      optional: true\n")])
        .expect(&[n(A, "request.field.added-optional", 102, 13)]),
    Pair::new("generate_token optional field added", GT, &[Insert("    - path: valid_time\n", "    - path: scope\n      format: string(64)\n      optional: true\n")])
        .expect(&[n(A, "request.field.added-optional", 83, 13)]),
    Pair::new("business_registration optional field in a literal-built object", BR, &[Insert("    - path: business.email\n", "    - path: business.nickname\n      format: string(20)\n      optional: true\n")])
        .expect(&[n(B, "request.field.added-to-literal", 137, 13)]),
    Pair::new("create_business_lite optional field in a seven-field contact (no new)", CBL, &[Insert("    - path: business.contact.email\n", "    - path: business.contact.title\n      format: string(20)\n      optional: true\n")])
        .base(&[Insert("    - path: business.contact.email\n", "    - path: business.contact.a\n      format: string\n    - path: business.contact.b\n      format: string\n    - path: business.contact.c\n      format: string\n")])
        .expect(&[n(B, "request.field.added-to-literal", 108, 13)]),
    Pair::new("create_business_lite optional contact field removed", CBL, &[Insert("    - path: business.contact.email\n", "    - path: business.contact.title\n      format: string(20)\n      optional: true\n")])
        .swapped()
        .expect(&[o(B, "request.field.removed", 102, 13)]),
    Pair::new("generate_token optional field removed", GT, &[Cut("    - path: valid_time\n", "  examples:\n"), Replace("    lifetime_field: valid_time\n", "")])
        .expect(&[n(B, "auth.issues-token.changed", 46, 5), n(B, "sample.no-longer-checks", 84, 13), o(B, "request.field.removed", 83, 13)]),
    Pair::new("business_registration description now required", BR, &[Replace("      format: String(1023)\n      optional: true\n", "      format: String(1023)\n")])
        .expect(&[n(B, "request.field.now-required", 128, 13)]),
    Pair::new("business_registration transaction_frequency now required", BR, &[Replace("      format: string(3)\n      optional: true\n", "      format: string(3)\n")])
        .expect(&[n(B, "request.field.now-required", 198, 13)]),
    Pair::new("business_registration callback_url now optional", BR, &[Insert("      description: URL DOKU calls back", "      optional: true\n")])
        .expect(&[n(B, "request.field.now-optional", 109, 17)]),
    Pair::new("create_business_lite contact email now optional", CBL, &[Insert("      description: Business Representative Email\n", "      optional: true\n")])
        .expect(&[n(B, "request.field.now-optional", 105, 17)]),
    Pair::new("business_registration brand name narrowed", BR, &[Replace("      format: string(255)\n      description: For PERSONAL , business.brands.name", "      format: string(100)\n      description: For PERSONAL , business.brands.name")])
        .expect(&[n(B, "request.format.narrowed", 180, 15)]),
    Pair::new("business_registration brand name widened", BR, &[Replace("      format: string(255)\n      description: For PERSONAL , business.brands.name", "      format: string(500)\n      description: For PERSONAL , business.brands.name")])
        .expect(&[n(B, "request.format.widened-retyped", 180, 15)]),
    Pair::new("business_registration country as a date", BR, &[Replace("      format: String(2)\n", "      format: date\n")])
        .expect(&[n(B, "request.format.changed", 258, 15)]),
    Pair::new("upload_file fewer file types", UF, &[Replace("extensions: [JPG, JPEG, PNG, PDF]", "extensions: [JPG, PNG]")])
        .expect(&[n(B, "request.format.narrowed", 135, 20)]),
    Pair::new("upload_file larger files", UF, &[Replace("max_bytes: 15728640", "max_bytes: 31457280")])
        .expect(&[n(A, "request.format.widened", 136, 18)]),
    Pair::new("upload_file more file types", UF, &[Replace("extensions: [JPG, JPEG, PNG, PDF]", "extensions: [JPG, JPEG, PNG, PDF, GIF]")])
        .expect(&[n(A, "request.format.widened", 135, 20)]),
    Pair::new("business_registration calling code as a number", BR, &[Replace("      format: int(2)\n      json: string\n", "      format: int(2)\n      json: integer\n")])
        .expect(&[n(B, "request.type.changed", 145, 13), n(B, "sample.no-longer-checks", 302, 13)]),
    Pair::new("generate_token grant_type no longer an enum", GT, &[Replace("      format: string\n      enum: GrantType\n", "      format: string\n")])
        .expect(&[n(B, "request.type.changed", 78, 13)]),
    Pair::new("business_registration callback_url rust_name", BR, &[Insert("      description: URL DOKU calls back", "      rust_name: webhook_url\n")])
        .expect(&[n(B, "rust.name.changed", 109, 18)]),
    // --- enums --------------------------------------------------------------------------
    Pair::new("get_business_data business type added", GBD, &[Insert("        description: business run by a legal entity\n", "      - value: GOVERNMENT\n")])
        .expect(&[n(A, "request.enum.value-added", 114, 16), n(A, "response.enum.value-added", 114, 16)]),
    Pair::new("generate_token grant type added", GT, &[Insert("\nbody:\n", "      - value: refresh_token\n")])
        .expect(&[n(A, "request.enum.value-added", 75, 16)]),
    Pair::new("upload_file category added", UF, &[Insert("      - value: BANK_ACCOUNT\n", "      - value: SIGNATURE\n")])
        .expect(&[n(A, "request.enum.value-added", 84, 16), n(A, "response.enum.value-added", 84, 16)]),
    Pair::new("get_business_data TRAVEL_AGENT removed", GBD, &[Replace("      - value: TRAVEL_AGENT\n        description: travel agent\n", ""), Replace("        - TRAVEL_AGENT\n", "")])
        .expect(&[o(B, "request.enum.value-removed", 191, 16), o(B, "response.enum.value-removed", 191, 16)]),
    Pair::new("upload_file BANK_ACCOUNT removed", UF, &[Replace("      - value: BANK_ACCOUNT\n        description: proof of the settlement bank account\n", "")])
        .expect(&[o(B, "request.enum.value-removed", 84, 16), o(B, "response.enum.value-removed", 84, 16)]),
    // `enum_cut_off`: the field becomes `OrOther<..>` or the closed enum again.
    Pair::new("upload_file code list no longer cut off", UF, &[Replace("      enum: DocumentCode\n      enum_cut_off: true\n", "      enum: DocumentCode\n")])
        .expect(&[n(B, "request.enum.cut-off-removed", 126, 13)]),
    Pair::new("upload_file code list marked cut off", UF, &[Replace("      enum: DocumentCode\n      enum_cut_off: true\n", "      enum: DocumentCode\n")])
        .swapped()
        .expect(&[n(B, "request.enum.cut-off-added", 126, 13)]),
    Pair::new("upload_file category list marked cut off", UF, &[Replace("      enum: UploadCategory\n      description: e.g.", "      enum: UploadCategory\n      enum_cut_off: true\n      description: e.g.")])
        .expect(&[n(B, "request.enum.cut-off-added", 120, 13)]),
    Pair::new("upload_file category list no longer cut off", UF, &[Replace("      enum: UploadCategory\n      description: e.g.", "      enum: UploadCategory\n      enum_cut_off: true\n      description: e.g.")])
        .swapped()
        .expect(&[n(B, "request.enum.cut-off-removed", 120, 13)]),
    Pair::new("get_business_data business line struct renamed", GBD, &[Replace("rust_type: BrandBusinessLineInfo", "rust_type: BrandLineInfo")])
        .expect(&[n(B, "rust.name.changed", 373, 18)]),
    // --- response fields ----------------------------------------------------------------
    Pair::new("get_business_data optional brand field added", GBD, &[Insert("    - path: brands.name\n", "    - path: brands.tagline\n      format: ANS(50)\n      optional: true\n")])
        .expect(&[n(A, "response.field.added-optional", 349, 13)]),
    Pair::new("generate_token optional response field added", GT, &[Insert("  examples:\n    - name: page\n      file: examples/generate_token.response.json", "    - path: expires_in\n      format: N(6)\n      optional: true\n")])
        .expect(&[n(A, "response.field.added-optional", 108, 13)]),
    Pair::new("get_business_data brand field removed", GBD, &[Insert("    - path: brands.name\n", "    - path: brands.tagline\n      format: ANS(50)\n      optional: true\n")])
        .swapped()
        .expect(&[o(B, "response.field.removed", 349, 13)]),
    Pair::new("upload_file link removed", UF, &[Cut("    - path: link\n", "    - path: category\n")])
        .expect(&[o(B, "response.field.removed", 161, 13)]),
    Pair::new("get_business_data required brand field added", GBD, &[Insert("    - path: brands.name\n", "    - path: brands.tagline\n      format: ANS(50)\n")])
        .expect(&[n(B, "response.field.added-required", 349, 13), n(B, "sample.no-longer-checks", 1025, 13), n(B, "sample.no-longer-checks", 1028, 13)]),
    Pair::new("upload_file required response field added", UF, &[Insert("    - path: link\n", "    - path: size\n      format: N(10)\n")])
        .expect(&[n(B, "response.field.added-required", 161, 13), n(B, "sample.no-longer-checks", 176, 13)]),
    Pair::new("get_business_data brands.category now required", GBD, &[Replace("    - path: brands.category\n      format: ANS(255)\n      optional: true\n", "    - path: brands.category\n      format: ANS(255)\n")])
        .expect(&[n(B, "response.field.now-required", 363, 13), n(B, "sample.no-longer-checks", 1025, 13)]),
    Pair::new("get_business_data documents.relation now required", GBD, &[Replace("    - path: documents.relation\n      format: AN(128)\n      optional: true\n", "    - path: documents.relation\n      format: AN(128)\n")])
        .expect(&[n(B, "response.field.now-required", 839, 13), n(B, "sample.no-longer-checks", 1025, 13)]),
    Pair::new("get_business_data id now optional", GBD, &[Replace("    - path: id\n      format: ANS(22)\n", "    - path: id\n      format: ANS(22)\n      optional: true\n")])
        .expect(&[n(B, "response.field.now-optional", 253, 17)]),
    Pair::new("upload_file link now optional", UF, &[Insert("      example: https://doku.com/12345566\n", "      optional: true\n")])
        .expect(&[n(B, "response.field.now-optional", 165, 17)]),
    Pair::new("get_business_data id widened", GBD, &[Replace("    - path: id\n      format: ANS(22)\n", "    - path: id\n      format: ANS(30)\n")])
        .expect(&[n(D, "response.format.changed", 252, 15)]),
    Pair::new("upload_file link limited", UF, &[Replace("      format: string\n      description: Link of file", "      format: string(255)\n      description: Link of file")])
        .expect(&[n(D, "response.format.changed", 163, 15)]),
    Pair::new("get_business_data minimum_transaction any number", GBD, &[Replace("      json: integer\n      description: Minimum", "      json: number\n      description: Minimum")])
        .expect(&[n(B, "response.type.changed", 394, 13)]),
    Pair::new("get_business_data type no longer an enum", GBD, &[Replace("      enum: BusinessType\n      description: Business type.\n", "      description: Business type.\n")])
        .expect(&[n(B, "response.type.changed", 292, 13)]),
    // --- secrets and personal data ---------------------------------------------------------
    Pair::new("get_business_data id becomes a secret", GBD, &[Insert("      format: ANS(22)\n      description: Business ID", "      secret: \"A test mark.\"\n")])
        .expect(&[n(B, "field.secret.added", 252, 15)]),
    Pair::new("create_business_lite partner_ref_id becomes a secret", CBL, &[Insert("      description: Partner Reference ID\n", "      secret: \"A test mark.\"\n")])
        .expect(&[n(B, "field.secret.added", 80, 15)]),
    Pair::new("generate_token token no longer a secret", GT, &[Replace("      secret: \"The bearer token: whoever holds it can upload files as the partner until it expires.\"\n", "")])
        .expect(&[n(B, "field.secret.removed", 99, 13)]),
    Pair::new("get_business_data shared key no longer a secret", GBD, &[Replace("      secret: \"The brand's (sub-merchant's) secret key: it signs every payment of this business, and whoever holds it can act as the sub-merchant.\"\n", "")])
        .expect(&[n(B, "field.secret.removed", 355, 13)]),
    Pair::new("get_business_data business name becomes personal", GBD, &[Insert("      format: ANS(225)\n", "      personal: \"A test mark.\"\n")])
        .expect(&[n(A, "field.personal.added", 256, 17)]),
    Pair::new("upload_file id becomes personal", UF, &[Insert("      format: string\n      description: File ID", "      personal: \"A test mark.\"\n")])
        .expect(&[n(A, "field.personal.added", 156, 17)]),
    Pair::new("upload_file link no longer personal", UF, &[Replace("      personal: \"A link to the uploaded file, often an identity document (KTP, NPWP, a selfie).\"\n", "")])
        .expect(&[n(A, "field.personal.removed", 161, 13)]),
    Pair::new("create_business_lite contact name no longer personal", CBL, &[Replace("      personal: \"The name of a person: the business's contact.\"\n", "")])
        .expect(&[n(A, "field.personal.removed", 95, 13)]),
    Pair::new("get_business_data bank account name personal -> secret", GBD, &[Replace("      personal: \"The bank account holder's name; for a PERSONAL business, a person's name.\"\n", "      secret: \"A test mark.\"\n")])
        .expect(&[n(B, "field.secret.added", 932, 15)]),
    Pair::new("get_business_data bank account name secret -> personal", GBD, &[Replace("      personal: \"The bank account holder's name; for a PERSONAL business, a person's name.\"\n", "      secret: \"A test mark.\"\n")])
        .swapped()
        .expect(&[n(A, "field.personal.added", 932, 17), n(B, "field.secret.removed", 932, 17)]),
    // --- rules --------------------------------------------------------------------------
    Pair::new("get_business_data CORPORATE without BLU", GBD, &[Replace("        - PERKUMPULAN_BERBADAN_HUKUM\n        - BLU\n", "        - PERKUMPULAN_BERBADAN_HUKUM\n")])
        .expect(&[n(B, "request.rule.tightened", 207, 5)]),
    Pair::new("get_business_data CORPORATE with BLU again", GBD, &[Replace("        - PERKUMPULAN_BERBADAN_HUKUM\n        - BLU\n", "        - PERKUMPULAN_BERBADAN_HUKUM\n")])
        .swapped()
        .expect(&[n(A, "request.rule.loosened", 207, 5)]),
    Pair::new("business_registration body rule added", BR, &[Insert("  examples:\n    - name: page\n      file: examples/business_registration.request.json", "    - when: { business.type: PERSONAL }\n      require: [business.description]\n")])
        .expect(&[n(B, "request.rule.tightened", 300, 7)]),
    // `same` and `total` (issue 26): a rule of a new kind removed loosens, added tightens.
    Pair::new("business_registration same rule removed", BR, &[SAME_DESCRIPTION_RULE, SAME_DESCRIPTION_BREAK])
        .expect(&[o(A, "request.rule.loosened", 297, 7), n(D, "docs.changed", 94, 3)]),
    Pair::new("business_registration same rule added", BR, &[SAME_DESCRIPTION_RULE, SAME_DESCRIPTION_BREAK])
        .swapped()
        .expect(&[n(B, "request.rule.tightened", 297, 7), n(D, "docs.changed", 94, 3)]),
    Pair::new("checkout total rule removed", CO, &[TOTAL_RULE])
        .expect(&[o(A, "request.rule.loosened", 502, 7)]),
    Pair::new("checkout total rule added", CO, &[TOTAL_RULE])
        .swapped()
        .expect(&[n(B, "request.rule.tightened", 502, 7)]),
    // A limit under a condition (issue 26): added or tightened refuses bodies, removed or
    // loosened accepts more.
    Pair::new("checkout invoice limit rule removed", CO, &[LIMIT_RULE])
        .expect(&[o(A, "request.rule.loosened", 508, 7)]),
    Pair::new("checkout invoice limit rule added", CO, &[LIMIT_RULE])
        .swapped()
        .expect(&[n(B, "request.rule.tightened", 508, 7)]),
    Pair::new("checkout invoice limit tightened to 20", CO, &[LIMIT_TIGHTER])
        .expect(&[n(B, "request.rule.tightened", 508, 7)]),
    Pair::new("checkout invoice limit loosened back to 30", CO, &[LIMIT_TIGHTER])
        .swapped()
        .expect(&[n(A, "request.rule.loosened", 508, 7)]),
    Pair::new("upload_file code no longer required for documents", UF, &[Cut("    - when: { category: DOCUMENT }\n", "    - one_of: [file, file_url]\n")])
        .expect(&[o(A, "request.rule.loosened", 146, 7)]),
    Pair::new("upload_file one_of removed", UF, &[Cut("    - one_of: [file, file_url]\n", "\nresponse:\n")])
        .expect(&[o(B, "request.rule.reshaped", 149, 7)]),
    Pair::new("upload_file one_of added", UF, &[Cut("    - one_of: [file, file_url]\n", "\nresponse:\n")])
        .swapped()
        .expect(&[n(B, "request.rule.reshaped", 149, 7)]),
    Pair::new("check_requirements PERSONAL rule removed", CR, &[Cut("  - when: { businessType: PERSONAL }\n", "  - when: { businessType: CORPORATE }\n")])
        .expect(&[o(B, "request.rule.reshaped", 202, 5)]),
    // --- docs ---------------------------------------------------------------------------
    Pair::new("get_business_data title", GBD, &[Replace("title: Get Business Data", "title: Get Business Details")])
        .expect(&[n(D, "docs.changed", 11, 8)]),
    Pair::new("upload_file link description", UF, &[Replace("      example: https://doku.com/12345566\n", "      example: https://doku.com/abcdef\n")])
        .expect(&[n(D, "docs.changed", 161, 13)]),
    Pair::new("generate_token error case added", GT, &[Insert("    - status: 400\n      code: invalid_client_id\n", "    - status: 401\n      code: invalid_token\n      message: Invalid token\n")])
        .expect(&[n(D, "docs.changed", 114, 3)]),
    // --- response headers and error envelopes (issue 26) ----------------------------------
    Pair::new("checkout mandatory response header added", CO, &[Insert("    - name: Signature\n      check: signature\n", "    - name: X-Trace\n      format: AN(8)\n      example: TRACE1\n")])
        .expect(&[n(B, "response.header.added-mandatory", 977, 13)]),
    Pair::new("check_status mandatory response header added", CS, &[Insert("\nerrors:\n", "  headers:\n    - name: Response-Timestamp\n      format: timestamp\n      example: \"2020-08-11T08:45:42Z\"\n")])
        .expect(&[n(B, "response.header.added-mandatory", 258, 13)]),
    Pair::new("checkout optional response header added", CO, &[Insert("    - name: Signature\n      check: signature\n", "    - name: X-Trace\n      format: AN(8)\n      mandatory: false\n      example: TRACE1\n")])
        .expect(&[n(A, "response.header.added-optional", 977, 13)]),
    Pair::new("check_status optional response header added", CS, &[Insert("\nerrors:\n", "  headers:\n    - name: X-Trace\n      format: AN(8)\n      mandatory: false\n      example: TRACE1\n")])
        .expect(&[n(A, "response.header.added-optional", 258, 13)]),
    Pair::new("checkout response header removed", CO, &[Insert("    - name: Signature\n      check: signature\n", "    - name: X-Trace\n      format: AN(8)\n      example: TRACE1\n")])
        .swapped()
        .expect(&[o(B, "response.header.removed", 977, 13)]),
    Pair::new("check_status response header removed", CS, &[Insert("\nerrors:\n", "  headers:\n    - name: Response-Timestamp\n      format: timestamp\n      example: \"2020-08-11T08:45:42Z\"\n")])
        .swapped()
        .expect(&[o(B, "response.header.removed", 258, 13)]),
    Pair::new("checkout signature made optional", CO, &[Replace("      check: signature\n", "      check: signature\n      mandatory: false\n")])
        .expect(&[n(B, "response.header.changed", 977, 13)]),
    Pair::new("checkout response timestamp checked as present", CO, &[Replace("    - name: Response-Timestamp\n      format: timestamp\n", "    - name: Response-Timestamp\n      format: timestamp\n      check: present\n")])
        .expect(&[n(B, "response.header.changed", 973, 13)]),
    Pair::new("checkout message envelope no longer declared", CO, &[Cut("    - name: message\n      sample: '{\"message\"", "  cases:\n")])
        .expect(&[n(B, "errors.envelope.narrowed", 985, 13)]),
    Pair::new("va envelopes declared for the first time", VA, &[Cut("  envelopes:\n", "  cases:\n")])
        .swapped()
        .expect(&[n(B, "errors.envelope.narrowed", 237, 13)]),
    Pair::new("checkout message envelope declared again", CO, &[Cut("    - name: message\n      sample: '{\"message\"", "  cases:\n")])
        .swapped()
        .expect(&[n(A, "errors.envelope.widened", 985, 13)]),
    Pair::new("va envelope list dropped", VA, &[Cut("  envelopes:\n", "  cases:\n")])
        .expect(&[n(A, "errors.envelope.widened", 235, 3)]),
    // --- DOKU's yyyyMMddHHmmss date-times (issue 26): the zone is part of the type ---------
    // (the PayLater shape's own fields of the notification's `event.union`)
    Pair::new("payment_notification created_date zone stated", PN, &[Replace("format: yyyyMMddHHmmss\n            example: \"20200313095850\"", "format: yyyyMMddHHmmss UTC+7\n            example: \"20200313095850\"")])
        .expect(&[n(B, "response.type.changed", 208, 21)]),
    Pair::new("payment_notification expired_date back to string", PN, &[Replace("format: yyyyMMddHHmmss\n            example: \"20200313155850\"", "format: string\n            example: \"20200313155850\"")])
        .expect(&[n(B, "response.type.changed", 213, 21)]),
    // --- a union's shapes: their own fields, the discriminator; an event's union (issue 26) --
    Pair::new("check_status VA shape loses its number", CS, &[Cut("          - path: virtual_account_info.virtual_account_number\n", "          - path: virtual_account_payment\n")])
        .expect(&[o(B, "response.field.removed", 154, 19)]),
    Pair::new("payment_notification PayLater shape loses its status", PN, &[Cut("          - path: peer_to_peer_info.status\n", "          - path: peer_to_peer_info.merchant_unique_reference\n")])
        .expect(&[o(B, "response.field.removed", 217, 19)]),
    Pair::new("check_status Alfa shape gains its payment references", CS, &[Cut("          - path: online_to_offline_payment\n", "      - name: PeerToPeer\n")])
        .swapped()
        .expect(&[n(A, "response.field.added-optional", 197, 19)]),
    Pair::new("payment_notification VA shape gains its billing type", PN, &[Cut("          - path: virtual_account_info.billing_type\n", "          - path: virtual_account_info.identifier\n")])
        .swapped()
        .expect(&[n(A, "response.field.added-optional", 154, 19)]),
    Pair::new("check_status VA info no longer required by its shape", CS, &[Replace("          - path: virtual_account_info\n            type: object\n", "          - path: virtual_account_info\n            type: object\n            optional: true\n")])
        .expect(&[n(D, "response.union.field-expected-changed", 154, 23)]),
    Pair::new("payment_notification PayLater info no longer required by its shape", PN, &[Replace("          - path: peer_to_peer_info\n            type: object\n", "          - path: peer_to_peer_info\n            type: object\n            optional: true\n")])
        .expect(&[n(D, "response.union.field-expected-changed", 203, 23)]),
    Pair::new("check_status shapes picked by service.id", CS, &[Replace("    discriminator: channel.id\n", "    discriminator: service.id\n"), Replace("values: [VIRTUAL_ACCOUNT_BCA, VIRTUAL_ACCOUNT_BANK_MANDIRI, VIRTUAL_ACCOUNT_BNI]", "values: [VIRTUAL_ACCOUNT]"), Replace("values: [ONLINE_TO_OFFLINE_ALFA]", "values: [ONLINE_TO_OFFLINE]"), Replace("values: [PEER_TO_PEER_AKULAKU]", "values: [PEER_TO_PEER]")])
        .expect(&[n(B, "response.union.discriminator-changed", 146, 20)]),
    Pair::new("payment_notification shapes picked by service.id", PN, &[Replace("    discriminator: channel.id\n", "    discriminator: service.id\n"), Replace("values: [VIRTUAL_ACCOUNT_BCA, VIRTUAL_ACCOUNT_BANK_MANDIRI, VIRTUAL_ACCOUNT_BNI]", "values: [VIRTUAL_ACCOUNT]"), Replace("values: [PEER_TO_PEER_AKULAKU]", "values: [PEER_TO_PEER]")])
        .expect(&[n(B, "response.union.discriminator-changed", 135, 20)]),
    Pair::new("check_status becomes one shape per channel", CS, &[Cut("  union:\n", "  examples:\n")])
        .swapped()
        .expect(&[n(B, "response.union.added", 146, 20)]),
    Pair::new("payment_notification becomes one shape per channel", PN, &[Cut("  # One shape per channel (event.union", "\nanswer:\n")])
        .swapped()
        .expect(&[n(B, "response.union.added", 135, 20)]),
    Pair::new("check_status is one shape again", CS, &[Cut("  union:\n", "  examples:\n")])
        .expect(&[o(B, "response.union.removed", 146, 20)]),
    Pair::new("payment_notification is one shape again", PN, &[Cut("  # One shape per channel (event.union", "\nanswer:\n")])
        .expect(&[o(B, "response.union.removed", 135, 20)]),
    Pair::new("payment_notification Mandiri VA picks no shape", PN, &[Replace("VIRTUAL_ACCOUNT_BCA, VIRTUAL_ACCOUNT_BANK_MANDIRI, VIRTUAL_ACCOUNT_BNI]", "VIRTUAL_ACCOUNT_BCA, VIRTUAL_ACCOUNT_BNI]")])
        .expect(&[o(B, "response.union.value-moved", 139, 39)]),
    Pair::new("payment_notification Mandiri VA gets the VA shape", PN, &[Replace("VIRTUAL_ACCOUNT_BCA, VIRTUAL_ACCOUNT_BANK_MANDIRI, VIRTUAL_ACCOUNT_BNI]", "VIRTUAL_ACCOUNT_BCA, VIRTUAL_ACCOUNT_BNI]")])
        .swapped()
        .expect(&[n(A, "response.union.value-added", 139, 39)]),
    Pair::new("payment_notification loses the PayLater shape", PN, &[Cut("    - name: akulaku_p2p\n", "\n  # One shape per channel"), Cut("      - name: PeerToPeer\n", "\nanswer:\n")])
        .expect(&[n(D, "docs.changed", 68, 3), o(B, "response.union.variant-removed", 197, 15)]),
    Pair::new("payment_notification gains the PayLater shape", PN, &[Cut("    - name: akulaku_p2p\n", "\n  # One shape per channel"), Cut("      - name: PeerToPeer\n", "\nanswer:\n")])
        .swapped()
        .expect(&[n(D, "docs.changed", 68, 3), n(A, "response.union.variant-added", 197, 15)]),
];
