//! Hostile nesting is a diagnostic, never a stack overflow, whatever the caller's stack.

use doku_partner_codegen::load_spec_str;

const HEAD: &str = "name: deep\ntitle: t\nsummary: s\ndocs_url: https://x.example\nmethod: GET\n\
path: /x\nhosts: {sandbox: 'https://a.example', production: 'https://b.example'}\n\
auth: {signature: none}\n";

/// Runs `f` on a thread with a small stack (a fraction of a test thread's 2 MiB).
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(512 << 10)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn deep_yaml_is_an_error_not_a_crash() {
    for depth in [63usize, 64, 65, 500, 5000] {
        for shape in ["flow_seq", "flow_map", "block"] {
            let nested = match shape {
                "flow_seq" => format!("notes: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
                "flow_map" => format!("notes: {}1{}\n", "{a: ".repeat(depth), "}".repeat(depth)),
                _ => (0..depth).fold("notes:\n".to_owned(), |s, i| {
                    s + &" ".repeat(2 * i + 2) + "a:\n"
                }),
            };
            let src = format!("{HEAD}{nested}");
            let diags = on_small_stack(move || load_spec_str(&src, "deep.yaml", None).unwrap_err());
            let too_deep = diags
                .iter()
                .any(|d| d.message.contains("nesting deeper than 64 levels"));
            assert_eq!(too_deep, depth >= 64, "{shape} at depth {depth}: {diags}");
        }
    }
}

#[test]
fn deep_field_paths_are_bounded() {
    for depth in [64usize, 65, 300] {
        let mut fields = String::new();
        for i in 1..=depth {
            let path: Vec<&str> = std::iter::repeat_n("a", i).collect();
            let kind = if i == depth {
                "format: AN(1)"
            } else {
                "type: object"
            };
            fields += &format!("    - {{path: {}, {kind}}}\n", path.join("."));
        }
        let src = format!("{HEAD}response:\n  fields:\n{fields}");
        let result = on_small_stack(move || load_spec_str(&src, "deep.yaml", None));
        match result {
            Ok(spec) => {
                assert_eq!(depth, 64);
                assert_eq!(spec.response.root.fields.len(), 1);
            }
            Err(d) => {
                assert!(depth > 64, "{d}");
                assert!(
                    d.iter()
                        .any(|d| d.message.contains("nests deeper than 64 levels")),
                    "{d}"
                );
            }
        }
    }
}
