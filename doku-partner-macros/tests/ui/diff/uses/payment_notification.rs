// Code a user wrote against the shipped payment notification bindings, included beside a
// derive whose module is `payment_notification` (issue 23's build cross-check; see
// uses/generate_token.rs).

/// Whether a notification reports a failed payment, as the shipped bindings have it.
pub fn written_against_payment_notification(
    status: payment_notification::TransactionStatus,
) -> bool {
    matches!(status, payment_notification::TransactionStatus::Failed)
}
