//! `multipart/form-data` request bodies (Upload File): the file parts a caller supplies, the
//! encoding the client sends (and signs: the `Digest` covers these exact bytes unless the spec
//! says otherwise), and the parser the local stand-in checks them with.
//!
//! The body is built as bytes before sending, with a boundary chosen per request, because the
//! signature's `Digest` must cover exactly the bytes sent; a streamed form would not allow it.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// A file to upload: its name, its media type and its bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    file_name: String,
    content_type: String,
    bytes: Vec<u8>,
}

impl FilePart {
    /// A file from bytes you already hold.
    pub fn from_bytes(
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        FilePart {
            file_name: file_name.into(),
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }

    /// A file read from `path`, named after it, its media type from its extension
    /// (`.jpg`/`.jpeg`, `.png`, `.pdf`; anything else is `application/octet-stream`). Reads at
    /// most `max_bytes` (the endpoint's limit), failing past it rather than reading on.
    pub fn from_path(path: impl AsRef<Path>, max_bytes: u64) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let content_type = media_type_for(&file_name).to_owned();
        let file = std::fs::File::open(path)?;
        Self::from_reader(file_name, content_type, file, max_bytes)
    }

    /// A file read from `reader`, at most `max_bytes` of it.
    pub fn from_reader(
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        reader: impl Read,
        max_bytes: u64,
    ) -> std::io::Result<Self> {
        let mut bytes = Vec::new();
        reader
            .take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)?;
        if bytes.len() as u64 > max_bytes {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("the file is larger than {max_bytes} bytes"),
            ));
        }
        Ok(Self::from_bytes(file_name, content_type, bytes))
    }

    /// The file name sent.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The media type sent.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// `Debug` shows the name, type and size, not the bytes (a photo of an identity card).
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("size", &self.bytes.len())
            .finish()
    }
}

/// How a file part is seen by the body check: `{"file_name", "content_type", "size"}`.
impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("file_name", &self.file_name)?;
        map.serialize_entry("content_type", &self.content_type)?;
        map.serialize_entry("size", &self.bytes.len())?;
        map.end()
    }
}

/// The media type of a file name's extension.
pub fn media_type_for(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// One part of a form.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    /// A text field.
    Text {
        /// The field name.
        name: &'a str,
        /// Its value.
        value: &'a str,
    },
    /// A file.
    File {
        /// The field name.
        name: &'a str,
        /// The file.
        file: &'a FilePart,
    },
}

/// A fresh boundary: 32 random hex digits, which no part can contain by chance.
#[doc(hidden)] // generated code reaches it as `__private::form`
pub fn new_boundary() -> String {
    format!("doku-partner-{}", uuid::Uuid::new_v4().simple())
}

/// `multipart/form-data; boundary=...`.
#[doc(hidden)] // generated code reaches it as `__private::form`
pub fn content_type(boundary: &str) -> String {
    format!("multipart/form-data; boundary={boundary}")
}

/// The form's bytes (RFC 7578): each part with its `Content-Disposition` (and a file's
/// `Content-Type`), separated by `--boundary`, CRLF line ends.
#[doc(hidden)] // generated code reaches it as `__private::form`
pub fn encode(parts: &[Part<'_>], boundary: &str) -> Vec<u8> {
    let size: usize = parts
        .iter()
        .map(|p| match p {
            Part::Text { value, .. } => value.len() + 128,
            Part::File { file, .. } => file.bytes.len() + 256,
        })
        .sum();
    let mut out = Vec::with_capacity(size + boundary.len() + 8);
    for part in parts {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"\r\n");
        match part {
            Part::Text { name, value } => {
                out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"\r\n\r\n",
                        quoted(name)
                    )
                    .as_bytes(),
                );
                out.extend_from_slice(value.as_bytes());
            }
            Part::File { name, file } => {
                out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n\
                         Content-Type: {}\r\n\r\n",
                        quoted(name),
                        quoted(&file.file_name),
                        file.content_type.replace(['\r', '\n'], "")
                    )
                    .as_bytes(),
                );
                out.extend_from_slice(&file.bytes);
            }
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"--\r\n");
    out
}

/// A header parameter value with `"`, CR and LF escaped as RFC 7578 §4.2 says browsers do.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A part as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedPart {
    /// The field name.
    pub name: String,
    /// The file name, for a file part.
    pub file_name: Option<String>,
    /// The part's `Content-Type`, when given.
    pub content_type: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Parses a `multipart/form-data` body, given its `Content-Type` header value; `Err` says
/// what is malformed.
pub fn parse(content_type: &str, body: &[u8]) -> Result<Vec<ReceivedPart>, String> {
    let mut params = content_type.split(';');
    let media = params.next().unwrap_or_default().trim();
    if !media.eq_ignore_ascii_case("multipart/form-data") {
        return Err(format!(
            "Content-Type is {media:?}, not multipart/form-data"
        ));
    }
    let boundary = params
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .filter(|b| !b.is_empty() && b.len() <= 70)
        .ok_or("Content-Type has no boundary")?;
    let delimiter = format!("--{boundary}");
    let mut rest = body;
    let Some(start) = find(rest, delimiter.as_bytes()) else {
        return Err("no part delimiter".to_owned());
    };
    rest = &rest[start + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("a delimiter is not followed by CRLF")?;
        let end = find(rest, format!("\r\n{delimiter}").as_bytes())
            .ok_or("a part is not closed by a delimiter")?;
        let part = &rest[..end];
        rest = &rest[end + 2 + delimiter.len()..];
        let head_end =
            find(part, b"\r\n\r\n").ok_or("a part has no blank line after its headers")?;
        let head =
            std::str::from_utf8(&part[..head_end]).map_err(|_| "a part's headers are not UTF-8")?;
        let mut received = ReceivedPart {
            name: String::new(),
            file_name: None,
            content_type: None,
            bytes: part[head_end + 4..].to_vec(),
        };
        for line in head.split("\r\n") {
            let Some((key, value)) = line.split_once(':') else {
                return Err(format!("malformed part header {line:?}"));
            };
            if key.trim().eq_ignore_ascii_case("content-disposition") {
                for param in value.split(';').skip(1) {
                    if let Some((k, v)) = param.trim().split_once('=') {
                        let v = v.trim().trim_matches('"').to_owned();
                        match k.trim() {
                            "name" => received.name = v,
                            "filename" => received.file_name = Some(v),
                            _ => {}
                        }
                    }
                }
            } else if key.trim().eq_ignore_ascii_case("content-type") {
                received.content_type = Some(value.trim().to_owned());
            }
        }
        if received.name.is_empty() {
            return Err("a part has no name".to_owned());
        }
        parts.push(received);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The parts as the body check sees them: text parts as strings, file parts as
/// `{"file_name", "content_type", "size"}`; a name sent twice is `Err`.
pub fn to_value(parts: &[ReceivedPart]) -> Result<serde_json::Value, String> {
    let mut map = serde_json::Map::new();
    for part in parts {
        let value = match &part.file_name {
            Some(file_name) => serde_json::json!({
                "file_name": file_name,
                "content_type": part.content_type.clone().unwrap_or_default(),
                "size": part.bytes.len(),
            }),
            None => match std::str::from_utf8(&part.bytes) {
                Ok(text) => serde_json::Value::String(text.to_owned()),
                Err(_) => return Err(format!("text part `{}` is not UTF-8", part.name)),
            },
        };
        if map.insert(part.name.clone(), value).is_some() {
            return Err(format!("part `{}` is sent twice", part.name));
        }
    }
    Ok(serde_json::Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_encoded_parses_back() {
        let file =
            FilePart::from_bytes("ktp \"scan\".png", "image/png", vec![0, 1, 2, 255, 13, 10]);
        let parts = [
            Part::Text {
                name: "category",
                value: "DOCUMENT",
            },
            Part::File {
                name: "file",
                file: &file,
            },
        ];
        let boundary = new_boundary();
        let bytes = encode(&parts, &boundary);
        let received = parse(&content_type(&boundary), &bytes).unwrap();
        assert_eq!(received.len(), 2);
        assert_eq!(received[0].name, "category");
        assert_eq!(received[0].bytes, b"DOCUMENT");
        assert_eq!(received[1].file_name.as_deref(), Some("ktp %22scan%22.png"));
        assert_eq!(received[1].content_type.as_deref(), Some("image/png"));
        assert_eq!(received[1].bytes, file.bytes());
        let value = to_value(&received).unwrap();
        assert_eq!(value["file"]["size"], 6);
    }

    #[test]
    fn malformed_forms_are_errors_not_panics() {
        for (ct, body) in [
            ("multipart/form-data", &b"--x\r\n"[..]),
            ("multipart/form-data; boundary=x", b""),
            (
                "multipart/form-data; boundary=x",
                b"--x\r\nno blank line\r\n--x--",
            ),
            (
                "multipart/form-data; boundary=x",
                b"--x\r\n\r\nbody\r\n--x--",
            ),
            ("multipart/form-data; boundary=x", b"--xjunk"),
            ("text/plain", b"--x--"),
        ] {
            assert!(parse(ct, body).is_err(), "{ct} {body:?}");
        }
    }

    #[test]
    fn reading_stops_at_the_limit() {
        let err =
            FilePart::from_reader("a.png", "image/png", std::io::repeat(0), 1024).unwrap_err();
        assert!(err.to_string().contains("larger than 1024 bytes"));
        assert_eq!(media_type_for("scan.JPEG"), "image/jpeg");
        assert!(!format!("{:?}", FilePart::from_bytes("a", "b", vec![42; 3])).contains("42"));
    }
}
