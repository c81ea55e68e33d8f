//! Loader tests: every broken fixture reports the expected first error at the expected place,
//! and the minimal spec lowers to the expected model.

use std::path::{Path, PathBuf};

use doku_partner_codegen::model::{
    ArrayItems, FieldKind, Format, HeaderSource, JsonType, Method, ObjectDef, PathSegment,
    SignatureScheme, Spec,
};
use doku_partner_codegen::{Diagnostics, load_spec_file, load_spec_str};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// What `doku-partner check` reports for a broken fixture: the loader's diagnostics, or the
/// sample checks' when the spec itself loads.
fn load_broken(name: &str) -> Diagnostics {
    let rel = format!("broken/{name}.yaml");
    match doku_partner_codegen::check_spec_file(&fixture(&rel), &rel) {
        Ok(_) => panic!("{rel} loaded without errors"),
        Err(d) => d,
    }
}

fn load_minimal() -> Spec {
    match load_spec_file(&fixture("minimal.yaml"), "minimal.yaml") {
        Ok(spec) => spec,
        Err(d) => panic!("minimal.yaml does not load:\n{d}"),
    }
}

/// (fixture, expected `line:column` of the first error, expected first message).
const BROKEN: &[(&str, &str, &str)] = &[
    (
        "absurd_length",
        "44:15",
        r#"zero or absurd length in format "ANS(70000)""#,
    ),
    (
        "both_format_and_type",
        "50:13",
        "field `website_readiness` has both `format` and `type`",
    ),
    (
        "child_under_scalar",
        "45:13",
        "field `id.x` is a child of scalar field `id`",
    ),
    (
        "duplicate_enum_value",
        "33:16",
        "value `PERSONAL` of enum `BusinessType` is declared twice",
    ),
    (
        "duplicate_field_path",
        "63:13",
        "field path `id` is declared twice",
    ),
    (
        "duplicate_header",
        "17:11",
        "header `client-id` is declared twice",
    ),
    (
        "envelope_sample_mismatch",
        "23:15",
        "the sample of envelope `error` is the `message` envelope, not `error`",
    ),
    (
        "envelope_unknown",
        "22:13",
        "unknown error envelope `messages`",
    ),
    (
        "response_header_duplicate",
        "27:13",
        "response header `response-timestamp` is declared twice",
    ),
    (
        "response_header_signature_without_timestamp",
        "22:14",
        "the response signature cannot be verified without `Response-Timestamp`",
    ),
    (
        "response_header_uncheckable",
        "23:14",
        "the client cannot compare `Response-Timestamp` with the request",
    ),
    (
        "response_header_unknown_format",
        "28:15",
        "unknown header format \"boolean\"",
    ),
    (
        "duplicate_key",
        "20:5",
        "key `format` in a path parameter is declared twice",
    ),
    (
        "duplicate_param",
        "28:11",
        "parameter `businessType` is declared twice",
    ),
    (
        "field_name_collision",
        "63:13",
        "fields `type` and `type_` of `Response` are both named `type_` in Rust",
    ),
    ("invalid_name", "2:7", "invalid spec name `GetThing`"),
    (
        "items_on_non_array",
        "50:14",
        "`items` on field `website_readiness`, which is not an array (`type: array`)",
    ),
    ("json_invalid", "57:13", "unknown JSON type `int`"),
    (
        "malformed_format",
        "44:15",
        r#"malformed format "ANS(abc)""#,
    ),
    (
        "missing_example_file",
        "68:13",
        "example file `examples/missing.json` does not exist",
    ),
    (
        "missing_required_key",
        "18:5",
        "missing required key `format` in a path parameter",
    ),
    (
        "neither_format_nor_type",
        "63:13",
        "field `active` has neither `format` nor `type`",
    ),
    (
        "orphan_child",
        "60:13",
        "parent `brand` of field `brand.name` is not declared",
    ),
    (
        "parent_after_child",
        "53:13",
        "field `brands.minimum_transaction` comes before its parent `brands`",
    ),
    (
        "path_param_not_in_template",
        "18:11",
        "path parameter `client_id` does not appear in the path",
    ),
    (
        "path_target_on_query",
        "23:13",
        "`target` applies to path parameters only",
    ),
    (
        "path_target_raw_free_text",
        "20:13",
        "`target: raw` signs the value as it is, but format `string` admits line breaks, which would add lines to the signed string",
    ),
    (
        "path_target_unknown",
        "20:13",
        "unknown Request-Target encoding `decoded`",
    ),
    (
        "path_param_optional",
        "20:15",
        "path parameters are always required",
    ),
    (
        "placeholder_without_param",
        "7:41",
        "path placeholder `{brand_id}` has no matching path parameter",
    ),
    (
        "rule_two_params",
        "38:37",
        "a rule's `when` must name exactly one parameter, found 2",
    ),
    (
        "rule_undeclared_param",
        "41:7",
        "rule names undeclared parameter `businessCategory`",
    ),
    (
        "rule_undeclared_value",
        "40:35",
        "`WHOLESALE` is not a value of enum `BusinessLine` (parameter `brandBusinessLine`)",
    ),
    (
        "too_deep",
        "3:71",
        "YAML syntax error: nesting deeper than 64 levels",
    ),
    (
        "type_name_collision",
        "60:13",
        "two types named `Brand`: the items of array `brands` and the object at `brand`",
    ),
    ("unknown_enum_ref", "47:13", "unknown enum `BusinesType`"),
    ("unknown_format", "44:15", r#"unknown format "ANX(22)""#),
    (
        "unknown_key",
        "45:7",
        "unknown key `descripton` in a field entry",
    ),
    ("unknown_method", "6:9", "unknown method `FETCH`"),
    (
        "incoming_with_hosts",
        "10:1",
        "`hosts` has no place in an incoming spec",
    ),
    (
        "outgoing_with_answer",
        "22:1",
        "`answer` has no place in an outgoing spec",
    ),
    ("unknown_direction", "6:12", "unknown direction `inbound`"),
    (
        "incoming_with_query",
        "11:1",
        "`query` has no place in an incoming spec",
    ),
    (
        "quoted_status",
        "42:11",
        "expected an integer for `status`, found the quoted string \"200\"",
    ),
    (
        "quoted_boolean",
        "65:17",
        "expected `true` or `false` for `optional`, found the quoted string \"true\"",
    ),
    (
        "status_out_of_range",
        "42:11",
        "`status` is out of range: 41 digits",
    ),
    ("format_typo", "44:15", "unknown format \"strin\""),
    // DOKU's yyyyMMddHHmmss date-times: the case of the pattern letters is their meaning, the
    // zone is one a page names, the value is a JSON string, and only bodies, responses and
    // events hold one; a request sample is checked against the notation.
    (
        "compact_date_case",
        "38:15",
        "unknown format \"yyyymmddhhmmss UTC+7\"",
    ),
    (
        "compact_date_zone",
        "38:15",
        "format \"yyyyMMddHHmmss UTC+8\" is not supported yet",
    ),
    (
        "compact_date_json_integer",
        "39:13",
        "`json: integer` on a yyyyMMddHHmmss field",
    ),
    (
        "compact_date_on_query",
        "21:13",
        "format \"yyyyMMddHHmmss UTC+7\" is not supported on a parameter",
    ),
    // A sample the page cuts off, stored as it is (`cut_off: true`): not complete JSON, the
    // start of one; what it holds in full is checked, what the cut removed is not.
    (
        "request_sample_cut_off_complete",
        "42:13",
        "request sample file `request_sample_bad_date.json` is complete JSON, not cut off",
    ),
    (
        "request_sample_cut_off_not_json",
        "42:13",
        "request sample file `request_sample_cut_off_not_json.txt` is not the start of a JSON text: at byte 9: expected `:` after the key",
    ),
    (
        "request_sample_cut_off_bad_value",
        "43:13",
        "request sample `page` does not fit the body: `kind` = \"HUGE\" is not a documented value; expected one of: SMALL, LARGE",
    ),
    (
        "request_sample_bad_compact_date",
        "42:13",
        "request sample `page` does not fit the body: `item.due` = \"2024-07-12T10:45:31\" is not a date-time in yyyyMMddHHmmss UTC+7 (14 digits of a real date and time, e.g. 20240712104531)",
    ),
    (
        "misspelled_section",
        "20:1",
        "unknown key `querry` in the spec",
    ),
    ("misspelled_enums", "28:1", "unknown key `enum` in the spec"),
    ("tab_indentation", "19:1", "a tab in the indentation"),
    ("numeric_name", "2:7", "invalid spec name `123`"),
    (
        "unclosed_brace",
        "39:9",
        "YAML syntax error: while parsing a flow mapping, did not find expected ',' or '}'",
    ),
    (
        "reserved_generated_name",
        "33:3",
        "enum `Query` would be named `Query`, a name the generated code uses itself",
    ),
    (
        "path_param_named_query",
        "18:11",
        "path parameter `query` would be the request field `query`, which the generated code uses for the query",
    ),
    (
        "enum_format_contradiction",
        "21:5",
        "`businessType` is documented as AN(3) but enum `BusinessType` has values it cannot meet: PERSONAL, CORPORATE",
    ),
    (
        "subset_enum_name_collision",
        "41:3",
        "enum `PersonalLine` has the name of the values `brandBusinessLine` may take by this rule",
    ),
    (
        "variant_collision",
        "37:16",
        "values `PTN_BH` and `PTN-BH` of enum `BusinessLine` both become variant `PtnBh`",
    ),
    (
        "wrong_shape",
        "12:3",
        "expected a mapping for `auth`, found a list",
    ),
    (
        "yaml_syntax",
        "41:9",
        "YAML syntax error: illegal placement of ':' indicator",
    ),
    (
        "zero_length",
        "44:15",
        r#"zero or absurd length in format "ANS(0)""#,
    ), // The request side (issue 25): derived names, run-time mistakes, order and help.
    (
        "setter_collision",
        "37:7",
        "optional body fields `item.code` and `item.code_` both get the setter `with_code`",
    ),
    (
        "schema_static_collision",
        "41:7",
        "body objects `ABCItem` and `AbcItem` both get the schema static `SCHEMA_ABC_ITEM`",
    ),
    (
        "one_of_repeated_member",
        "41:27",
        "`one_of` member `item.code` is declared twice",
    ),
    (
        "caller_header_query_collision",
        "16:11",
        "header `Kind` would be the request field `kind`, which query parameter `kind` already is",
    ),
    (
        "extension_with_dot",
        "34:25",
        "extension `.PNG` of field `file` is written with its dot",
    ),
    (
        "caller_header_file",
        "18:13",
        "caller header `X-Document` is a `file`",
    ),
    (
        "token_issuer_needs_token",
        "13:17",
        "the endpoint that issues the bearer token also requires it",
    ),
    (
        "same_as_request_file",
        "42:7",
        "response field `file` is `same_as_request`, but body field `file` is a file part",
    ),
    (
        "missing_request_sample",
        "42:13",
        "example file `examples/missing.request.json` does not exist",
    ),
    (
        "request_sample_not_json",
        "42:13",
        "request sample file `request_sample_not_json.txt` is not JSON: expected value at line 1 column 1",
    ),
    (
        "unknown_key_incomplete",
        "33:7",
        "unknown key `formt` in a field entry",
    ),
    (
        "parent_typo",
        "32:13",
        "parent `itme` of field `itme.name` is not declared",
    ),
    (
        "file_in_response",
        "44:7",
        "field `receipt` is a `file`, which a response cannot carry",
    ),
    (
        "body_rule_leaf_name",
        "41:27",
        "body rule names unknown field `link`",
    ),
    ("body_on_get", "25:1", "a GET request has no body"),
    // Rules across objects, `same` and `total` (issue 26).
    (
        "rule_same_not_scalar",
        "49:20",
        "`same` compares values, and `extra` is not a scalar",
    ),
    (
        "rule_same_json_types",
        "50:20",
        "`same` compares `name`, a JSON string, with `items.price`, a JSON integer",
    ),
    (
        "enum_cut_off_without_enum",
        "29:21",
        "`enum_cut_off` on a field without `enum`",
    ),
    (
        "enum_cut_off_on_response",
        "35:21",
        "`enum_cut_off` on response field `code`",
    ),
    (
        "request_sample_cut_off_enum_bad_other",
        "34:13",
        "request sample `page` does not fit the body: `documents[1].code` = \"izin_usaha\" is not a listed value, nor one the page's cut-off list could have lost: it is the listed IZIN_USAHA in another case (DOKU's values are case-sensitive): send IZIN_USAHA; characters 'i', 'z', 'n', 'u', 's', 'a', 'h': the listed values are written in upper-case letters, digits, '_' only",
    ),
    (
        "rule_total_not_number",
        "49:14",
        "`name` is not sent as a JSON number, so it cannot be summed",
    ),
    (
        "rule_total_not_in_array",
        "50:16",
        "`amount` is not in an array of objects, so there is nothing to sum",
    ),
    ("rule_total_without_sum", "49:14", "`total` needs `sum_of`"),
    (
        "rule_require_inside_array",
        "50:17",
        "`items.code` is in each element of the array `items`, but the rule's other fields are outside it",
    ),
    (
        "request_sample_breaks_nothing",
        "53:13",
        "request sample `page` is said to break a rule at `amount`, but does not",
    ),
    (
        "request_sample_total_mismatch",
        "53:13",
        "request sample `page` does not fit the body: `amount` is 20000, but the sum of `price` × `quantity` over `items` is 30000",
    ),
    (
        "rule_limit_not_below_format",
        "54:27",
        "limit 20 for `name` is not below its own format's: string(20) allows 20 characters",
    ),
    (
        "rule_limit_on_a_number",
        "54:21",
        "`max_length` limits text, and `amount` is sent as a JSON integer",
    ),
    (
        "rule_limit_when_value",
        "53:21",
        "`MEDIUM` is not a value of enum `Kind`",
    ),
    (
        "rule_limit_when_objects",
        "53:15",
        "`when` field `items` is an array of objects, which holds no value to compare",
    ),
    (
        "rule_limit_when_free_text",
        "53:15",
        "`when` field `name` is a field without an `enum`, so no value of it can be named",
    ),
    (
        "rule_limit_when_item_format",
        "53:25",
        "`VIRTUAL_ACCOUNT_BANK_DANAMON` could never be an item of `channels`: it is 28 characters long, more than the 20 allowed",
    ),
    (
        "request_sample_over_limit",
        "57:13",
        "request sample `page` does not fit the body: `name` is 15 characters long, more than the 10 allowed when `channels` includes CREDIT_CARD",
    ),
    (
        "response_sample_cut_off_wrong_type",
        "28:13",
        "response sample `page` (cut off) does not fit the field table: `count` must be a JSON integer, found string",
    ),
    (
        "response_sample_cut_off_complete",
        "27:13",
        "response sample file `response_sample_cut_off_complete.json` is complete JSON, not cut off",
    ),
    (
        "event_sample_cut_off",
        "18:16",
        "an event sample cannot be `cut_off`",
    ),
    (
        "union_cut_off_sample_wrong_shape",
        "47:13",
        "response sample `alfa` (cut off) does not fit the field table (variant `OnlineToOffline`): `online_to_offline_info.created_date` must be a JSON string, found number",
    ),
    (
        "max_bytes_out_of_range",
        "35:18",
        "`max_bytes` is out of range: 40 digits",
    ),
    (
        "request_sample_bad_date",
        "42:13",
        r#"request sample `page` does not fit the body: `item.due` = "27/01/2021 10:24" is not a date (ISO 8601 UTC, e.g. 2023-03-16T10:00:41Z)"#,
    ),
    (
        "request_sample_int_enum",
        "49:13",
        r#"request sample `page` does not fit the body: `item.levels[1]` = "3" is not a documented value; expected one of: 1, 2"#,
    ),
    (
        "query_param_named_errors",
        "17:11",
        "parameter `errors` would be the `RawRequest` name `errors`, which the generated code uses for the violations `RawRequest::validate` collects",
    ),
    (
        "query_param_named_body",
        "17:11",
        "parameter `body` would be the `RawRequest` name `body`, which the generated code uses for the body",
    ),
    (
        "int_enum_not_numbers",
        "37:7",
        "`item.level` is sent as a JSON number, but enum `Kind` has values that are not integers: SMALL, LARGE",
    ),
    (
        "response_int_enum_not_numbers",
        "23:7",
        "`levels` is sent as a JSON number, but enum `Level` has values that are not integers: HIGH",
    ),
    (
        "enum_named_option",
        "21:3",
        "enum `Option` would be named `Option`, which shadows a standard type",
    ),
    (
        "token_field_typo",
        "14:18",
        "`token_field` `ids` is not a string field at the root of the response",
    ),
    (
        "misspelled_enum_in_rule",
        "29:7",
        "unknown key `enmu` in a field entry",
    ),
    (
        "same_as_request_type_mismatch",
        "48:7",
        "response field `count` is `same_as_request`, but it is a JSON string and body field `count` a JSON integer",
    ),
    (
        "same_as_request_typo",
        "44:7",
        "response field `kinds` is `same_as_request`, but the body has no root field `kinds`",
    ),
    // response.union (one shape per channel)
    (
        "union_discriminator_missing",
        "28:20",
        "discriminator `channel.code` is not a field of the response",
    ),
    (
        "union_discriminator_not_string",
        "28:20",
        "discriminator `order.amount` is not a string field",
    ),
    (
        "union_value_twice",
        "38:42",
        "value `VIRTUAL_ACCOUNT_BCA` is covered by two variants",
    ),
    (
        "union_value_not_in_enum",
        "44:18",
        "value `ONLINE_TO_OFFLINE_ALFAA` is not a value of enum `ChannelId`",
    ),
    (
        "union_field_collides",
        "33:19",
        "field `order` of variant `VirtualAccount` is a common field",
    ),
    (
        "union_sample_wrong_shape",
        "46:13",
        "response sample `alfa` does not fit variant `VirtualAccount` (channel.id `VIRTUAL_ACCOUNT_BCA`): `virtual_account_info` is required",
    ),
    (
        "union_sample_no_variant",
        "46:13",
        "response sample `bri` has channel.id `VIRTUAL_ACCOUNT_BRI`, which no variant covers",
    ),
    // event.union: the same mistakes in an incoming spec, reported by the same checks with
    // the section they are written in (each fixture is its response twin, `event:` for
    // `response:`, at the same lines).
    (
        "event_union_discriminator_missing",
        "28:20",
        "discriminator `channel.code` is not a field of the event",
    ),
    (
        "event_union_discriminator_not_string",
        "28:20",
        "discriminator `order.amount` is not a string field",
    ),
    (
        "event_union_value_twice",
        "38:42",
        "value `VIRTUAL_ACCOUNT_BCA` is covered by two variants",
    ),
    (
        "event_union_value_not_in_enum",
        "44:18",
        "value `ONLINE_TO_OFFLINE_ALFAA` is not a value of enum `ChannelId`",
    ),
    (
        "event_union_field_collides",
        "33:19",
        "field `order` of variant `VirtualAccount` is a common field",
    ),
    (
        "event_union_sample_wrong_shape",
        "46:13",
        "event sample `alfa` does not fit variant `VirtualAccount` (channel.id `VIRTUAL_ACCOUNT_BCA`): `virtual_account_info` is required",
    ),
    (
        "event_union_sample_no_variant",
        "46:13",
        "event sample `bri` has channel.id `VIRTUAL_ACCOUNT_BRI`, which no variant covers",
    ),
];

#[test]
fn every_broken_fixture_reports_its_error_at_the_right_place() {
    let mut failures = Vec::new();
    for (name, at, message) in BROKEN {
        let diags = load_broken(name);
        let rendered = diags.render();
        let first = &diags.0[0];
        let expected_location = format!("broken/{name}.yaml:{at}");
        if first.message != *message
            || first.location() != expected_location
            || diags.error_count() != 1
        {
            failures.push(format!(
                "{name}: expected exactly one error `{message}` at {expected_location}, got:\n{rendered}"
            ));
        }
        // The rendered text carries the same first line and `-->` line.
        let mut lines = rendered.lines();
        assert_eq!(
            lines.next(),
            Some(format!("error: {message}").as_str()),
            "{name}"
        );
        assert!(
            lines
                .next()
                .is_some_and(|l| l.trim_start() == format!("--> {expected_location}")),
            "{name}: {rendered}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_broken_fixture_is_in_the_table() {
    let dir = fixture("broken");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|f| f.strip_suffix(".yaml").map(str::to_owned))
        .filter(|f| f != "multiple_errors")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = BROKEN.iter().map(|(n, _, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn independent_errors_are_all_reported() {
    let diags = load_broken("multiple_errors");
    let got: Vec<(String, String)> = diags
        .iter()
        .map(|d| (d.location(), d.message.clone()))
        .collect();
    let expected = [
        ("broken/multiple_errors.yaml:6:9", "unknown method `get`"),
        (
            "broken/multiple_errors.yaml:33:16",
            "value `PERSONAL` of enum `BusinessType` is declared twice",
        ),
        (
            "broken/multiple_errors.yaml:45:15",
            r#"zero or absurd length in format "ANS(0)""#,
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(l, m)| ((*l).to_owned(), (*m).to_owned()))
        .collect();
    assert_eq!(got, expected);
    assert!(diags.render().ends_with(
        "\nerror: could not load spec broken/multiple_errors.yaml due to 3 previous errors\n"
    ));
}

#[test]
fn unknown_format_renders_like_rustc() {
    let expected = r#"error: unknown format "ANX(22)"
  --> broken/unknown_format.yaml:44:15
   |
44 |       format: ANX(22)
   |               ^^^^^^^ not a DOKU format
   |
   = help: expected AN(n), ANS(n), N(n), Numeric, boolean, date, timestamp, yyyyMMddHHmmss (with its zone: yyyyMMddHHmmss UTC+7), string, string(n), int(n) or text

error: could not load spec broken/unknown_format.yaml due to 1 previous error
"#;
    assert_eq!(load_broken("unknown_format").to_string(), expected);
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let diags = load_broken("unknown_key");
    assert_eq!(
        diags.0[0].help.as_deref(),
        Some("did you mean `description`?")
    );
}

#[test]
fn collisions_point_at_both_places() {
    for name in [
        "field_name_collision",
        "type_name_collision",
        "variant_collision",
        "setter_collision",
        "schema_static_collision",
        "one_of_repeated_member",
        "same_as_request_file",
        "same_as_request_type_mismatch",
        "parent_typo",
    ] {
        let d = &load_broken(name).0[0];
        assert_eq!(d.secondary.len(), 1, "{name}");
        assert_ne!(
            (d.secondary[0].line, d.secondary[0].column),
            (d.line, d.column),
            "{name}"
        );
    }
}

#[test]
fn example_files_are_only_checked_when_loading_a_file() {
    let source = std::fs::read_to_string(fixture("broken/missing_example_file.yaml")).unwrap();
    let spec = load_spec_str(&source, "inline.yaml", None).unwrap();
    assert_eq!(spec.response.examples.len(), 1);
    assert_eq!(spec.response.examples[0].file, "examples/missing.json");
}

#[test]
fn unreadable_and_empty_files_are_diagnostics() {
    let d = load_spec_file(Path::new("no/such/spec.yaml"), "no/such/spec.yaml").unwrap_err();
    assert_eq!(d.len(), 1);
    assert!(
        d.0[0].message.starts_with("could not read spec file"),
        "{d}"
    );
    assert!(d.render().contains(" --> no/such/spec.yaml\n"), "{d}");

    let d = load_spec_str("", "empty.yaml", None).unwrap_err();
    assert_eq!(d.0[0].message, "the spec is empty");
    let d = load_spec_str("- a\n- b\n", "list.yaml", None).unwrap_err();
    assert_eq!(
        d.0[0].message,
        "expected a mapping for the spec, found a list"
    );
}

#[test]
fn invalid_utf8_is_a_diagnostic() {
    let dir = std::env::temp_dir().join(format!("doku-loader-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.yaml");
    std::fs::write(&file, b"name: x\ntitle: \xff\n").unwrap();
    let d = load_spec_file(&file, "bad.yaml").unwrap_err();
    assert_eq!(d.0[0].message, "spec file is not valid UTF-8");
    assert_eq!(d.0[0].location(), "bad.yaml:2:8");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn all_missing_top_level_keys_are_reported_at_once() {
    let d = load_spec_str("name: x\n", "t.yaml", None).unwrap_err();
    let missing: Vec<&str> = d
        .iter()
        .filter_map(|d| d.message.strip_prefix("missing required key "))
        .collect();
    assert_eq!(
        missing,
        [
            "`title` in the spec",
            "`summary` in the spec",
            "`docs_url` in the spec",
            "`method` in the spec",
            "`path` in the spec",
            "`auth` in the spec",
            // Required by the default `direction: outgoing`, so checked after reading.
            "`hosts` in the spec",
            "`response` in the spec",
        ]
    );
}

fn field<'a>(o: &'a ObjectDef, wire: &str) -> &'a doku_partner_codegen::model::Field {
    o.fields
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("no field {wire} in {}", o.rust_type))
}

#[test]
fn minimal_spec_lowers_to_the_expected_model() {
    let spec = load_minimal();
    assert_eq!(spec.name, "get_thing");
    assert_eq!(spec.title, "Get Thing");
    assert_eq!(spec.method, Method::Get);
    assert_eq!(spec.path.raw, "/api/v1/things/{client_id}");
    assert_eq!(
        spec.path.segments,
        [
            PathSegment::Literal("/api/v1/things/".into()),
            PathSegment::Param("client_id".into())
        ]
    );
    assert_eq!(spec.hosts.sandbox, "https://api-uat.doku.com");
    assert!(spec.hosts.others.is_empty());
    assert_eq!(spec.auth.signature, SignatureScheme::NonSnapHmacSha256);
    assert!(!spec.auth.query_in_target);
    assert!(!spec.auth.bearer_token);
    assert_eq!(spec.headers.len(), 1);
    assert_eq!(spec.headers[0].source, HeaderSource::Credentials);
    assert_eq!(spec.headers[0].format, Some(Format::Ans(50)));

    // Parameters: defaults and names.
    let client_id = &spec.path_params[0];
    assert_eq!(
        (client_id.name.as_str(), client_id.rust_name.as_str()),
        ("client_id", "client_id")
    );
    assert!(client_id.required);
    assert_eq!((client_id.pos.line, client_id.pos.column), (18, 5));
    let [business_type, line] = &spec.query[..] else {
        panic!("{:?}", spec.query)
    };
    assert_eq!(business_type.rust_name, "business_type");
    assert_eq!(
        business_type.format,
        Format::Ans(22),
        "`ANS (22)` with a space"
    );
    assert!(business_type.required, "required defaults to true");
    assert_eq!(business_type.enum_ref.as_deref(), Some("BusinessType"));
    assert_eq!(line.rust_name, "brand_business_line");
    assert!(!line.required);
    assert_eq!(line.description, "");
    assert_eq!(line.example, None);

    // Enums and rules.
    let names: Vec<&str> = spec.enums.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["BusinessType", "BusinessLine"]);
    let variants: Vec<(&str, &str)> = spec.enums[1]
        .values
        .iter()
        .map(|v| (v.wire.as_str(), v.variant.as_str()))
        .collect();
    assert_eq!(variants, [("RETAIL", "Retail"), ("PTN_BH", "PtnBh")]);
    assert_eq!(spec.rules.len(), 1);
    assert_eq!(spec.rules[0].when_param, "businessType");
    assert_eq!(spec.rules[0].when_value, "PERSONAL");
    assert_eq!(
        spec.rules[0].then,
        [("brandBusinessLine".to_owned(), vec!["RETAIL".to_owned()])]
    );

    // Response tree.
    assert!(spec.body.is_none());
    assert_eq!(spec.response.status, 200);
    let root = &spec.response.root;
    assert_eq!(root.rust_type, "Response");
    assert_eq!(root.path, "");
    let top: Vec<(&str, &str)> = root
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.rust_name.as_str()))
        .collect();
    assert_eq!(
        top,
        [
            ("id", "id"),
            ("type", "type_"),
            ("website_readiness", "website_readiness"),
            ("brands", "brands"),
            ("tags", "tags"),
            ("active", "active"),
        ]
    );

    let id = field(root, "id");
    assert_eq!(id.path, "id");
    assert!(!id.optional, "optional defaults to false");
    let FieldKind::Scalar(s) = &id.kind else {
        panic!()
    };
    assert_eq!(
        (s.format, s.json, s.enum_ref.as_deref()),
        (Format::Ans(22), JsonType::String, None)
    );
    let FieldKind::Scalar(s) = &field(root, "type").kind else {
        panic!()
    };
    assert_eq!(s.enum_ref.as_deref(), Some("BusinessType"));

    let wr = field(root, "website_readiness");
    let FieldKind::Object(o) = &wr.kind else {
        panic!("{:?}", wr.kind)
    };
    assert_eq!(
        (o.rust_type.as_str(), o.path.as_str()),
        ("WebsiteReadiness", "website_readiness")
    );
    let name = field(o, "name");
    assert_eq!(name.path, "website_readiness.name");
    assert_eq!(name.documented_name.as_deref(), Some("value"));

    let brands = field(root, "brands");
    let FieldKind::Array(ArrayItems::Object(b)) = &brands.kind else {
        panic!("{:?}", brands.kind)
    };
    assert_eq!((b.rust_type.as_str(), b.path.as_str()), ("Brand", "brands"));
    let mt = field(b, "minimum_transaction");
    assert_eq!(mt.path, "brands.minimum_transaction");
    let FieldKind::Scalar(s) = &mt.kind else {
        panic!()
    };
    assert_eq!((s.format, s.json), (Format::Ans(10), JsonType::Integer));
    assert_eq!(
        field(b, "audit_logs").kind,
        FieldKind::Array(ArrayItems::Any)
    );

    let FieldKind::Array(ArrayItems::Scalar(t)) = &field(root, "tags").kind else {
        panic!()
    };
    assert_eq!((t.format, t.json), (Format::An(10), JsonType::String));

    let active = field(root, "active");
    assert!(active.optional);
    let FieldKind::Scalar(s) = &active.kind else {
        panic!()
    };
    assert_eq!((s.format, s.json), (Format::Boolean, JsonType::Boolean));
    assert_eq!((active.pos.line, active.pos.column), (63, 7));

    assert_eq!(spec.errors.cases.len(), 0);
}

#[test]
fn loading_the_same_text_twice_gives_the_same_model() {
    let source = std::fs::read_to_string(fixture("minimal.yaml")).unwrap();
    let a = load_spec_str(&source, "a.yaml", None).unwrap();
    let b = load_spec_str(&source, "b.yaml", None).unwrap();
    assert_eq!(a, b);
}

const ESCAPING: &str = r#"
name: escaping
title: Escaping
summary: Keywords, leading digits and odd characters are escaped, not errors.
docs_url: https://developers.doku.com/x
method: POST
path: /v1/{type}
hosts: { sandbox: "https://a.example", production: "https://b.example" }
auth: { signature: none, query_in_target: true, bearer_token: true }
path_params:
  - { name: type, format: AN(5) }
query:
  - { name: self, format: N(3), required: false }
  - { name: 3ds, format: ANS(1), rust_name: three_ds }
enums:
  Kind:
    values:
      - value: UP_TO_50K
      - value: 50K
      - value: self
      - value: "-"
      - value: NO
      - value: 01
body:
  fields:
    - { path: match, format: string }
body_extra_is_not_here: 1
"#;

#[test]
fn keywords_and_leading_digits_are_escaped_without_error() {
    // Without `response` and with a stray key: exactly those two errors, none for the names.
    let d = load_spec_str(ESCAPING, "e.yaml", None).unwrap_err();
    assert_eq!(d.len(), 2, "{d}");
    assert_eq!(
        d.0[0].message,
        "missing required key `response` in the spec"
    );
    assert_eq!(d.0[0].location(), "e.yaml:2:1");
    assert_eq!(
        d.0[1].message,
        "unknown key `body_extra_is_not_here` in the spec"
    );
    assert_eq!(d.0[1].location(), "e.yaml:27:1");

    let source = ESCAPING.replace(
        "body_extra_is_not_here: 1\n",
        "response:\n  status: 201\n  fields:\n    - { path: ref, type: object }\n    - { path: ref.async, format: date }\n    - { path: ref.3ds, format: timestamp }\n    - { path: ref.brandName, format: Numeric }\n    - { path: ref.brand-name2, format: N(4), json: number }\n    - { path: ref.crate, type: array, items: ANS(3), enum: Kind }\n",
    );
    let spec = load_spec_str(&source, "e.yaml", None).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(spec.method, Method::Post);
    assert_eq!(spec.auth.signature, SignatureScheme::None);
    assert!(spec.auth.query_in_target && spec.auth.bearer_token);
    assert_eq!(spec.path_params[0].rust_name, "type_");
    assert_eq!(spec.query[0].rust_name, "self_");
    assert!(!spec.query[0].required);
    assert_eq!(spec.query[1].rust_name, "three_ds");
    let variants: Vec<(&str, &str)> = spec.enums[0]
        .values
        .iter()
        .map(|v| (v.wire.as_str(), v.variant.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("UP_TO_50K", "UpTo50k"),
            ("50K", "V50k"),
            ("self", "Self_"),
            ("-", "V"),
            ("NO", "No"),
            ("01", "V01"),
        ]
    );
    let body = spec.body.as_ref().unwrap();
    assert_eq!(body.content_type, "application/json");
    assert_eq!(body.root.rust_type, "Body");
    assert_eq!(body.root.fields[0].rust_name, "match_");
    assert_eq!(spec.response.status, 201);
    let r = &spec.response.root.fields[0];
    assert_eq!(r.rust_name, "ref_");
    let FieldKind::Object(o) = &r.kind else {
        panic!()
    };
    assert_eq!(o.rust_type, "Ref");
    let names: Vec<&str> = o.fields.iter().map(|f| f.rust_name.as_str()).collect();
    assert_eq!(
        names,
        ["async_", "_3ds", "brand_name", "brand_name2", "crate_"]
    );
    let FieldKind::Scalar(s) = &o.fields[3].kind else {
        panic!()
    };
    assert_eq!((s.format, s.json), (Format::N(4), JsonType::Number));
    let FieldKind::Array(ArrayItems::Scalar(items)) = &o.fields[4].kind else {
        panic!()
    };
    assert_eq!(items.enum_ref.as_deref(), Some("Kind"));
}

#[test]
fn rust_type_override_and_documented_names() {
    let source = std::fs::read_to_string(fixture("minimal.yaml"))
        .unwrap()
        .replace(
            "    - path: brands\n      type: array\n",
            "    - path: brands\n      type: array\n      rust_type: BrandInfo\n",
        );
    let spec = load_spec_str(&source, "m.yaml", None).unwrap_or_else(|d| panic!("{d}"));
    let FieldKind::Array(ArrayItems::Object(b)) = &field(&spec.response.root, "brands").kind else {
        panic!()
    };
    assert_eq!(b.rust_type, "BrandInfo");
}

/// One mistake, one error: a misspelled section is reported once, not once more for every
/// rule or reference that names what it held.
#[test]
fn a_misspelled_section_is_one_error() {
    for name in ["misspelled_section", "misspelled_enums"] {
        let diagnostics = load_broken(name);
        assert_eq!(diagnostics.error_count(), 1, "{name}:\n{diagnostics}");
    }
}

/// A bracket left open is reported with the bracket, not only where the parser gave up.
#[test]
fn an_unclosed_bracket_points_at_the_bracket() {
    let diagnostics = load_broken("unclosed_brace");
    let d = &diagnostics.0[0];
    assert_eq!(d.secondary.len(), 1, "{diagnostics}");
    assert_eq!((d.secondary[0].line, d.secondary[0].column), (38, 11));
}

/// The parser's size limit reads as words, not as Rust debug text (`Nodes { nodes: 250001 }`).
#[test]
fn the_parser_size_limit_is_a_sentence() {
    let mut text = std::fs::read_to_string(fixture("minimal.yaml")).unwrap();
    text.push_str("notes:\n");
    for i in 0..300_000 {
        text.push_str(&format!("  - n{i}\n"));
    }
    let diagnostics = doku_partner_codegen::load_spec_str(&text, "huge.yaml", None)
        .expect_err("too large")
        .to_string();
    assert!(
        diagnostics.contains("the file is too large for a spec"),
        "{diagnostics}"
    );
    assert!(!diagnostics.contains('{'), "{diagnostics}");
}

/// `check` decodes each response sample against the field table, and reports a sample that
/// does not fit at the sample's entry in the spec.
#[test]
fn check_reports_a_response_sample_that_does_not_fit() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sample_check");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = std::fs::read_to_string(fixture("minimal.yaml"))
        .unwrap()
        .replacen(
            "response:\n  fields:\n",
            "response:\n  examples:\n    - name: page\n      file: page.json\n  fields:\n",
            1,
        );
    std::fs::write(dir.join("spec.yaml"), &spec).unwrap();
    std::fs::write(
        dir.join("page.json"),
        r#"{"id": 7, "type": "PERSONAL", "website_readiness": {"name": "x"}, "brands": [], "tags": ["a"]}"#,
    )
    .unwrap();
    let diagnostics = doku_partner_codegen::check_spec_file(&dir.join("spec.yaml"), "spec.yaml")
        .expect_err("the sample does not fit")
        .to_string();
    assert!(
        diagnostics.contains("response sample `page` does not fit the field table: `id` must be a JSON string, found number"),
        "{diagnostics}"
    );
    assert!(diagnostics.contains("spec.yaml:44:13"), "{diagnostics}");
    assert_eq!(
        diagnostics.matches("error: response sample").count(),
        1,
        "{diagnostics}"
    );
}

/// An enum value `UNKNOWN` cannot collide with anything: a response field holds
/// `OrUnknown<BusinessType>`, whose `Unknown` is the runtime's, not a variant of the generated
/// enum. The spec loads and its enum gets a plain `Unknown` variant.
#[test]
fn an_enum_value_named_unknown_is_an_ordinary_value() {
    let path = fixture("enum_value_unknown.yaml");
    let spec = doku_partner_codegen::load_spec_file(&path, "enum_value_unknown.yaml")
        .unwrap_or_else(|d| panic!("{d}"));
    let def = spec
        .enums
        .iter()
        .find(|e| e.name == "BusinessType")
        .unwrap();
    assert!(def.values.iter().any(|v| v.variant == "Unknown"));
}

/// `check` with several specs resolves a `rust_path` into another of them: the module must be
/// a spec checked together (a near miss is a typo), the enum one it generates, the values the
/// same in the same order. Only the build could tell otherwise, without the spec's line.
#[test]
fn check_resolves_rust_path_across_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rust_path_across_specs");
    std::fs::create_dir_all(dir.join("examples")).unwrap();
    for entry in std::fs::read_dir(root.join("examples")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("examples").join(path.file_name().unwrap())).unwrap();
    }
    let business = root.join("get_business_data.yaml");
    let original = std::fs::read_to_string(root.join("check_requirements.yaml")).unwrap();
    let check = |text: &str| {
        let path = dir.join("check_requirements.yaml");
        std::fs::write(&path, text).unwrap();
        let results = doku_partner_codegen::check_spec_files(&[
            (business.as_path(), "get_business_data.yaml"),
            (path.as_path(), "check_requirements.yaml"),
        ]);
        assert!(results[0].is_ok(), "get_business_data.yaml does not check");
        results.into_iter().nth(1).unwrap()
    };
    assert!(check(&original).is_ok(), "the real specs agree");

    let typo = original.replacen(
        "get_business_data::BusinessType",
        "get_busines_data::BusinessType",
        1,
    );
    let d = check(&typo).expect_err("a module no spec generates");
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!(
        d.0[0].message,
        "`rust_path` `::doku_partner::endpoints::get_busines_data::BusinessType` names module `get_busines_data`, which no spec generates"
    );
    assert_eq!(
        d.0[0].help.as_deref(),
        Some("did you mean `get_business_data`?")
    );
    let at = d.0[0].location();
    assert!(
        at.starts_with("check_requirements.yaml:") && at.ends_with(":3"),
        "{at}"
    );

    let swapped = original.replacen(
        "      - value: PERSONAL\n        description: individual (personal) business\n      - value: CORPORATE\n        description: business run by a legal entity\n",
        "      - value: CORPORATE\n        description: business run by a legal entity\n      - value: PERSONAL\n        description: individual (personal) business\n",
        1,
    );
    assert_ne!(swapped, original);
    let d = check(&swapped).expect_err("values in another order");
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!(
        d.0[0].message,
        "`rust_path` `::doku_partner::endpoints::get_business_data::BusinessType` does not have the values of enum `BusinessType` in this spec"
    );
    assert_eq!(d.0[0].location(), at);

    // Alone, the module is still resolved: against the specs doku_partner ships (the path is
    // under `doku_partner::endpoints`), with the same error as the build's, at the same place.
    let path = dir.join("check_requirements.yaml");
    std::fs::write(&path, &typo).unwrap();
    let alone =
        doku_partner_codegen::check_spec_files(&[(path.as_path(), "check_requirements.yaml")]);
    let d = alone
        .into_iter()
        .next()
        .unwrap()
        .expect_err("resolved alone");
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!(d.0[0].location(), at);
    assert_eq!(
        d.0[0].help.as_deref(),
        Some("did you mean `get_business_data`?")
    );
}

/// Two `one_of` members whose variants would come out the same (`code`, `code_`) cannot be an
/// enum: the rule is checked before sending instead of shaped, and the spec loads.
#[test]
fn a_one_of_with_look_alike_members_is_checked_not_shaped() {
    let spec = load_spec_file(&fixture("one_of_look_alike.yaml"), "one_of_look_alike.yaml")
        .unwrap_or_else(|d| panic!("{d}"));
    let body = spec.body.as_ref().unwrap();
    assert!(body.choices.is_empty(), "{:?}", body.choices);
    assert_eq!(body.rules.len(), 1);
    assert!(matches!(
        &body.rules[0].kind,
        doku_partner_codegen::model::BodyRuleKind::ExactlyOne { fields } if fields == &["code", "code_"]
    ));
}

/// A spec whose query enum `enum_name` has `rust_path` (when given) and the values `values`.
fn enum_spec(name: &str, enum_name: &str, rust_path: Option<&str>, values: &[&str]) -> String {
    let rust_path = rust_path
        .map(|p| format!("    rust_path: {p}\n"))
        .unwrap_or_default();
    let values: String = values
        .iter()
        .map(|v| format!("      - value: {v}\n"))
        .collect();
    format!(
        "name: {name}\ntitle: T\nsummary: S.\ndocs_url: https://example.invalid/t\n\
         method: GET\npath: /demo/v1/{name}\nhosts:\n  sandbox: https://a.invalid\n  \
         production: https://b.invalid\nauth:\n  signature: non_snap_hmac_sha256\n\
         query:\n  - name: kind\n    format: string\n    enum: {enum_name}\n\
         enums:\n  {enum_name}:\n{rust_path}    values:\n{values}\
         response:\n  fields:\n    - path: ok\n      format: boolean\n"
    )
}

/// A `rust_path` outside `doku_partner::endpoints` is resolved against the specs in the same
/// folder, alone as in the build: a module no spec there has is an error at the enum's line
/// that names the modules there (or the near miss), so it never reaches rustc as an
/// unresolved import.
#[test]
fn rust_path_resolves_against_the_specs_beside_it() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rust_path_beside");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("owner.yaml"),
        enum_spec("owner", "Kind", None, &["PERSONAL", "CORPORATE"]),
    )
    .unwrap();
    let user = dir.join("user.yaml");
    let check = |enum_name: &str, path: &str, values: &[&str]| {
        std::fs::write(&user, enum_spec("user", enum_name, Some(path), values)).unwrap();
        doku_partner_codegen::check_spec_files(&[(user.as_path(), "user.yaml")])
            .into_iter()
            .next()
            .unwrap()
    };
    let both = ["PERSONAL", "CORPORATE"];
    check("Kind", "crate::endpoints::owner::Kind", &both).unwrap_or_else(|d| panic!("{d}"));

    let d = check("Kind", "crate::endpoints::ownr::Kind", &both).unwrap_err();
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!(
        d.0[0].message,
        "`rust_path` `crate::endpoints::ownr::Kind` names module `ownr`, which no spec generates"
    );
    assert_eq!(d.0[0].location(), "user.yaml:17:3");
    assert_eq!(d.0[0].help.as_deref(), Some("did you mean `owner`?"));
    // The derive and `generate` load it the same way, before any rustc.
    let built = doku_partner_codegen::load_spec_file_for_build(&user, "user.yaml").unwrap_err();
    assert_eq!(built.0, d.0);

    // A derive's module is named after its struct: a module that is no near miss of a spec
    // is left to rustc when a spec beside this one generates the enum...
    check("Kind", "crate::endpoints::owner_endpoint::Kind", &both)
        .unwrap_or_else(|d| panic!("{d}"));
    // ...and is an error when none does.
    let d = check("Sort", "crate::endpoints::billing::Sort", &both).unwrap_err();
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!(
        d.0[0].message,
        "`rust_path` `crate::endpoints::billing::Sort` names module `billing`, which no spec generates"
    );
    assert_eq!(
        d.0[0].help.as_deref(),
        Some("the modules there are `owner`"),
        "{d}"
    );

    let d = check("Kind", "crate::Kind", &both).unwrap_err();
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!(
        d.0[0].message,
        "`rust_path` `crate::Kind` names no spec's module"
    );

    let d = check("Sort", "crate::endpoints::owner::Sort", &both).unwrap_err();
    assert_eq!(
        d.0[0].message,
        "`rust_path` `crate::endpoints::owner::Sort`: spec `owner` (owner.yaml) generates no enum `Sort`"
    );
    assert_eq!(d.0[0].notes, ["spec `owner` (owner.yaml) generates `Kind`"]);

    let d = check("Kind", "crate::endpoints::owner::Kind", &["PERSONAL"]).unwrap_err();
    assert_eq!(
        d.0[0].message,
        "`rust_path` `crate::endpoints::owner::Kind` does not have the values of enum `Kind` in this spec"
    );
    assert_eq!(
        d.0[0].notes,
        ["spec `owner` (owner.yaml) has: PERSONAL, CORPORATE"]
    );

    // Under `doku_partner::endpoints`, the shipped specs: the enum a shipped spec generates.
    let d = check(
        "GrantType",
        "::doku_partner::endpoints::generate_token::GrantType",
        &["password"],
    )
    .unwrap_err();
    assert_eq!(
        d.0[0].notes,
        ["doku_partner's `generate_token` has: client_credentials"]
    );
    check(
        "GrantType",
        "::doku_partner::endpoints::generate_token::GrantType",
        &["client_credentials"],
    )
    .unwrap_or_else(|d| panic!("{d}"));
}

/// A rule is attached to the nearest object holding every field it names, and names them
/// relative to it: Checkout's total sits in `order`, its tenor rule at the root (it ties
/// `payment` to `additional_info`), Business Registration's `same` in `business` (it compares
/// `business.name` with each brand's name).
#[test]
fn rules_attach_to_the_nearest_object_holding_their_fields() {
    use doku_partner_codegen::model::BodyRuleKind;
    let load = |rel: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
        load_spec_file(&path, rel).unwrap_or_else(|d| panic!("{rel}:\n{d}"))
    };
    let checkout = load("spec/payments/checkout.yaml");
    let rules = &checkout.body.as_ref().unwrap().rules;
    assert_eq!(rules.len(), 3);
    assert_eq!(rules[0].object, "order");
    assert_eq!(
        rules[0].kind,
        BodyRuleKind::Total {
            total: "amount".into(),
            items: "line_items".into(),
            factors: vec!["price".into(), "quantity".into()],
        }
    );
    assert_eq!(rules[1].object, "");
    assert_eq!(
        rules[1].kind,
        BodyRuleKind::RequiredWhen {
            when: "payment.type".into(),
            is: "INSTALLMENT".into(),
            require: vec!["additional_info.allow_tenor".into()],
        }
    );
    // A limit that depends on a channel the request names ties `payment` to `order`.
    assert_eq!(rules[2].object, "");
    assert_eq!(
        rules[2].kind,
        BodyRuleKind::LimitWhen {
            when: "payment.payment_method_types".into(),
            is: "CREDIT_CARD".into(),
            list: true,
            limits: vec![(
                "order.invoice_number".into(),
                doku_partner_codegen::model::Limit::MaxLength(30)
            )],
        }
    );
    let registration = load("spec/business_registration.yaml");
    let body = registration.body.as_ref().unwrap();
    assert_eq!(body.rules[0].object, "business");
    assert_eq!(
        body.rules[0].kind,
        BodyRuleKind::Same {
            when: Some(("type".into(), "PERSONAL".into())),
            fields: vec!["name".into(), "brands.name".into()],
        }
    );
    assert_eq!(
        body.examples[0].breaks,
        ["business.brands[0].name", "business.brands[0].description"]
    );
    assert!(!body.examples[0].sendable());
}
