// Code a user wrote against the shipped Upload File bindings, included beside a derive whose
// module is `upload_file` (issue 23's build cross-check; see uses/generate_token.rs).

/// Reads the link and builds the next request, as the shipped bindings have them.
pub fn written_against_upload_file(reply: &upload_file::Response) -> (&String, upload_file::Request) {
    let choice =
        upload_file::body::BodyFileOrFileUrl::FileUrl("https://example.invalid/logo.png".into());
    let body = upload_file::body::Body::new(upload_file::UploadCategory::Logo, choice);
    (&reply.link, upload_file::Request::new(body))
}
