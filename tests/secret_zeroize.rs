//! A secret field's bytes are zeroed when its reply is dropped: an allocator that, while armed,
//! looks into every block freed for the sub-merchant's shared key finds it nowhere when a Get
//! Business Data reply (its typed data and its raw body) is dropped. The same allocator does
//! find it in a plain `String` dropped the same way, so the test can fail.
//!
//! The client wipes only the bytes of the secret values it decoded from a body (issue 27); a
//! secret sent escaped (`\u0034`) has no known place, so its body is wiped whole: the second
//! test looks for the escaped text. The wiped buffer is kept as its thread's spare for the next
//! body (`body_buffer`) and freed when the thread ends: the third test looks into it then.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{Query, Request};
use doku_partner::support::Endpoint;
use doku_partner::support::stand_in::{StandIn, StandInRoute};
use doku_partner::{Client, Credentials, Environment};

/// The shared key of the page's PERSONAL sample.
const SHARED_KEY: &[u8] = b"SK-ViEeAojc5K0nBrL41ou4";
/// The same key as a body may send it, its last character escaped.
const ESCAPED_KEY: &[u8] = br"SK-ViEeAojc5K0nBrL41ou\u0034";

static ARMED: AtomicBool = AtomicBool::new(false);
static FOUND: AtomicUsize = AtomicUsize::new(0);
/// A block to watch for (its address), and how many times it was freed while armed.
static WATCHED: AtomicUsize = AtomicUsize::new(0);
static WATCHED_FREED: AtomicUsize = AtomicUsize::new(0);
/// One test at a time: the allocator is armed for the whole process.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

struct Inspecting;

unsafe impl GlobalAlloc for Inspecting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.load(Ordering::SeqCst) {
            // SAFETY: the block is still allocated and `layout.size()` bytes long.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            let holds = |needle: &[u8]| block.windows(needle.len()).any(|w| w == needle);
            if holds(SHARED_KEY) || holds(ESCAPED_KEY) {
                FOUND.fetch_add(1, Ordering::SeqCst);
            }
            if ptr as usize == WATCHED.load(Ordering::SeqCst) {
                WATCHED_FREED.fetch_add(1, Ordering::SeqCst);
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Inspecting = Inspecting;

/// Drops `value` with the allocator armed, on a thread of its own that then ends, so that a
/// body buffer the thread keeps as its spare for the next reply is freed, and looked into,
/// too; how many freed blocks held the shared key.
fn blocks_with_the_key_freed_by<T: Send + 'static>(value: T) -> usize {
    FOUND.store(0, Ordering::SeqCst);
    ARMED.store(true, Ordering::SeqCst);
    std::thread::spawn(move || drop(value))
        .join()
        .expect("the dropping thread");
    ARMED.store(false, Ordering::SeqCst);
    FOUND.load(Ordering::SeqCst)
}

#[test]
fn a_replys_shared_key_is_zeroed_on_drop() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let reply = runtime.block_on(async {
        let mock = StandIn::builder()
            .client("BRN-0001-0000000000001", "SK-test")
            .endpoint_example::<GetBusinessData>("personal")
            .start()
            .await
            .unwrap();
        let client = Client::builder(
            Credentials::new("BRN-0001-0000000000001", "SK-test"),
            Environment::base_url(mock.base_url()),
        )
        .build()
        .unwrap();
        let request = Request::new("BRN-0104-1678960841263".parse().unwrap(), Query::Personal);
        (
            client.send(&request).await.unwrap(),
            client.send(&request).await.unwrap(),
        )
    });
    let (reply, read) = reply;
    assert_eq!(
        reply.data.brands[0].shared_key.expose_secret().as_bytes(),
        SHARED_KEY
    );
    assert!(
        reply
            .body
            .as_bytes()
            .windows(SHARED_KEY.len())
            .any(|w| w == SHARED_KEY)
    );

    // The control: the allocator sees a key freed in clear.
    let plain = String::from_utf8(SHARED_KEY.to_vec()).unwrap();
    assert_eq!(blocks_with_the_key_freed_by(plain), 1);

    // The typed data alone, then the whole reply (data and raw body).
    let data = reply.data.clone();
    assert_eq!(blocks_with_the_key_freed_by(data), 0);
    assert_eq!(blocks_with_the_key_freed_by(reply), 0);

    // A reply whose conformance report was read (the body decoded again) and whose raw body
    // outlives it: the clones share the bytes, and the last one dropped zeroes them.
    assert!(!read.conformance.is_empty());
    let body = read.body.clone();
    assert_eq!(blocks_with_the_key_freed_by(read), 0);
    assert_eq!(blocks_with_the_key_freed_by(body), 0);
    drop(runtime);
    assert!(
        GetBusinessData::SENSITIVE
            .iter()
            .any(|s| s.path == "brands.shared_key")
    );
}

#[test]
fn a_shared_key_sent_escaped_is_zeroed_on_drop_with_the_whole_body() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let reply = runtime.block_on(async {
        let mut route = StandInRoute::for_endpoint::<GetBusinessData>("personal").unwrap();
        let key = std::str::from_utf8(SHARED_KEY).unwrap();
        let escaped = std::str::from_utf8(ESCAPED_KEY).unwrap();
        assert_eq!(route.body.matches(key).count(), 1);
        route.body = route.body.replace(key, escaped);
        let mock = StandIn::builder()
            .client("BRN-0001-0000000000001", "SK-test")
            .route(route)
            .start()
            .await
            .unwrap();
        let client = Client::builder(
            Credentials::new("BRN-0001-0000000000001", "SK-test"),
            Environment::base_url(mock.base_url()),
        )
        .build()
        .unwrap();
        let request = Request::new("BRN-0104-1678960841263".parse().unwrap(), Query::Personal);
        client.send(&request).await.unwrap()
    });
    // Decoded to the key; the raw body keeps the escape as sent.
    assert_eq!(
        reply.data.brands[0].shared_key.expose_secret().as_bytes(),
        SHARED_KEY
    );
    assert!(
        reply
            .body
            .as_bytes()
            .windows(ESCAPED_KEY.len())
            .any(|w| w == ESCAPED_KEY)
    );
    // The control: the allocator sees the escaped text freed in clear.
    assert_eq!(blocks_with_the_key_freed_by(ESCAPED_KEY.to_vec()), 1);
    assert_eq!(blocks_with_the_key_freed_by(reply), 0);
    drop(runtime);
}

#[test]
fn the_body_buffer_a_thread_keeps_for_its_next_reply_holds_no_secret() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    FOUND.store(0, Ordering::SeqCst);
    WATCHED_FREED.store(0, Ordering::SeqCst);
    std::thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let reply = runtime.block_on(async {
            let mock = StandIn::builder()
                .client("BRN-0001-0000000000001", "SK-test")
                .endpoint_example::<GetBusinessData>("personal")
                .start()
                .await
                .unwrap();
            let client = Client::builder(
                Credentials::new("BRN-0001-0000000000001", "SK-test"),
                Environment::base_url(mock.base_url()),
            )
            .build()
            .unwrap();
            let request = Request::new("BRN-0104-1678960841263".parse().unwrap(), Query::Personal);
            client.send(&request).await.unwrap()
        });
        assert!(
            reply
                .body
                .as_bytes()
                .windows(SHARED_KEY.len())
                .any(|w| w == SHARED_KEY)
        );
        WATCHED.store(reply.body.as_bytes().as_ptr() as usize, Ordering::SeqCst);
        // hyper's buffers hold the key unwiped (SECURITY.md): freed before arming.
        drop(runtime);
        ARMED.store(true, Ordering::SeqCst);
        // The key is wiped and the buffer kept as this thread's spare, which is freed, and
        // looked into, when the thread ends.
        drop(reply);
    })
    .join()
    .unwrap();
    ARMED.store(false, Ordering::SeqCst);
    WATCHED.store(0, Ordering::SeqCst);
    assert_eq!(
        WATCHED_FREED.load(Ordering::SeqCst),
        1,
        "the body's buffer was freed once, while armed"
    );
    assert_eq!(FOUND.load(Ordering::SeqCst), 0);
}
