// `doku-partner diff spec/payment_notification.yaml
// tests/ui/diff/payment_notification.failed_removed.yaml` finds one breaking change,
// `response.enum.value-removed`, breaking for the Rust types alone: `FAILED` was removed from
// `TransactionStatus`, which only DOKU sends: its variant disappears. The code written against the
// shipped spec (it builds: tests/ui/pass/diff_breaking_builds_before.rs) no longer builds.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "../diff/payment_notification.failed_removed.yaml")]
pub struct PaymentNotification;

include!("../diff/uses/payment_notification.rs");

fn main() {
    let _ = written_against_payment_notification;
}
