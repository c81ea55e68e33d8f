//! Reading a call's inputs: `--param`s checked against the endpoint's parameters (an unknown or
//! missing one is a usage error, exit 2, with the endpoint's usage), the body file and the form's
//! file, each within its limit.

use super::*;

/// The inputs of a call whose usage is right: the parameter values, and the body or the file
/// read (each with its cap).
pub(super) fn read_inputs<'a>(
    entry: &Entry,
    args: &CallArgs,
    params: BTreeMap<&'static str, &'a str>,
) -> Result<Inputs<'a>, InputError> {
    let body = args.body.as_deref().map(read_body).transpose()?;
    let file = match (entry.takes, &args.file) {
        (Takes::Form(form), Some(path)) => Some(read_file(path, form.max_bytes)?),
        _ => None,
    };
    Ok(Inputs { params, body, file })
}

/// Looks an endpoint up by its spec name, or that name in kebab case.
pub(super) fn find(name: &str) -> Option<&'static Entry> {
    let name = name.replace('-', "_");
    ENDPOINTS.iter().find(|e| e.name == name)
}

/// `call --list`: one endpoint per line, with what it takes.
pub(super) fn list() -> ExitCode {
    let width = ENDPOINTS.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for entry in ENDPOINTS {
        let params = (entry.params)();
        let mut takes: Vec<String> = params.iter().map(Param::describe).collect();
        match entry.takes {
            Takes::Nothing => {}
            Takes::Json => takes.push("--body FILE (JSON)".to_owned()),
            Takes::Form(form) => takes.push(form.describe()),
        }
        text.push_str(&format!(
            "{:width$}  {:4}  {}\n{:width$}  takes: {}\n",
            entry.name,
            entry.method.as_str(),
            entry.path,
            "",
            if takes.is_empty() {
                "nothing".to_owned()
            } else {
                takes.join(", ")
            },
        ));
    }
    match crate::output::write_stdout(&text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {}", stdout_failed(&e));
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// Every usage problem at once (malformed, repeated, unknown or missing parameters, a body
/// where there is none or none where one is needed), or the parameter values by wire name.
pub(super) fn check_usage<'a>(
    entry: &Entry,
    params: &[Param],
    args: &'a CallArgs,
) -> Result<BTreeMap<&'static str, &'a str>, Vec<String>> {
    let mut problems = Vec::new();
    let mut values = BTreeMap::new();
    for raw in &args.params {
        let Some((name, value)) = raw.split_once('=') else {
            problems.push(format!(
                "--param {raw:?} is not NAME=VALUE (e.g. --param businessType=PERSONAL)"
            ));
            continue;
        };
        let Some(param) = params.iter().find(|p| p.name == name) else {
            let hint = params
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(name) || p.field == name)
                .map(|p| format!(" (did you mean `{}`?)", p.name))
                .unwrap_or_default();
            problems.push(format!("`{}` has no parameter `{name}`{hint}", entry.name));
            continue;
        };
        if values.insert(param.name, value).is_some() {
            problems.push(format!("--param {name} is given more than once"));
        }
    }
    for param in params {
        if param.required && !values.contains_key(param.name) {
            problems.push(format!(
                "`{}` needs --param {}=VALUE",
                entry.name, param.name
            ));
        }
    }
    match (entry.takes, &args.body) {
        (Takes::Nothing, Some(_)) => problems.push(format!(
            "`{}` ({}) takes no body; leave out --body",
            entry.name,
            entry.method.as_str()
        )),
        (Takes::Form(form), Some(_)) => problems.push(format!(
            "`{}` sends a multipart form, not a JSON body; leave out --body and give the \
             form's fields with --param and its file with {}",
            entry.name,
            form.alternatives()
        )),
        (Takes::Json, None) => problems.push(format!(
            "`{}` needs a JSON body: --body FILE (`-` for standard input)",
            entry.name
        )),
        _ => {}
    }
    match (entry.takes, &args.file) {
        (Takes::Form(form), file) => match (file, values.contains_key(form.instead)) {
            (Some(_), true) => problems.push(format!(
                "`{}` takes {}, not both",
                entry.name,
                form.alternatives()
            )),
            (None, false) => {
                problems.push(format!("`{}` needs {}", entry.name, form.alternatives()))
            }
            _ => {}
        },
        (_, Some(_)) => problems.push(format!(
            "`{}` uploads no file; leave out --file",
            entry.name
        )),
        (_, None) => {}
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

/// What an endpoint takes, for usage errors.
pub(super) fn usage(entry: &Entry, params: &[Param]) -> String {
    let mut text = format!(
        "usage: doku-partner call {} ({} {}) takes:",
        entry.name,
        entry.method.as_str(),
        entry.path
    );
    for param in params {
        text.push_str(&format!("\n  {}", param.describe()));
    }
    if params.is_empty() {
        text.push_str("\n  no parameters");
    }
    match entry.takes {
        Takes::Nothing => text.push_str("\n  no body"),
        Takes::Json => text.push_str("\n  --body FILE (the JSON body; `-` for standard input)"),
        Takes::Form(form) => text.push_str(&format!("\n  {}", form.describe())),
    }
    text
}

/// The body file as text: at most [`BODY_LIMIT`], not empty, UTF-8.
pub(super) fn read_body(path: &Path) -> Result<String, InputError> {
    let bytes = read_input(path, "--body", BODY_LIMIT, "")?;
    let name = if is_stdin(path) {
        "--body - (standard input)".to_owned()
    } else {
        format!("--body {}", path.display())
    };
    if bytes.is_empty() {
        return Err(input_error(format!(
            "{name} is empty; the body must be the JSON object to send"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        input_error(format!(
            "{name} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The file of `--file`: its name and media type from the path, at most `max_bytes` read.
pub(super) fn read_file(path: &Path, max_bytes: u64) -> Result<FilePart, InputError> {
    FilePart::from_path(path, max_bytes).map_err(|e| {
        let name = format!("--file {}", path.display());
        // `from_path` stops reading one byte past the limit and says so with `InvalidData`.
        if e.kind() == std::io::ErrorKind::InvalidData {
            input_error(format!(
                "{name}: larger than the {} limit ({max_bytes} bytes)",
                describe_limit(usize::try_from(max_bytes).unwrap_or(usize::MAX))
            ))
        } else {
            input_error(format!("{name}: cannot read: {e}"))
        }
    })
}
