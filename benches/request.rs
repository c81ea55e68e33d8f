//! Issue 6, item 3: building and validating a Get Business Data request, and encoding its path
//! and query string, against building the same two strings by hand.
//!
//! - `typed`: `Ans::<50>::try_from(client_id)` (the one free-form value still has to be
//!   checked) + `Request::new(.., Query::..)` + `query_string()` + `path()`;
//! - `raw`: `RawRequest { .. }.validate()` (every parameter from a string) + the same encoding;
//! - `hand_push_str`: `String::with_capacity` (exact) + `push_str` of the same values, no
//!   validation, no percent-encoding (the baseline: the least a careful engineer can write);
//! - `hand_format`: the same with `format!` (context);
//! - `typed_owned` / `hand_push_str_owned`: the caller already owns the client ID as a `String`
//!   (read from a database row, say), made before the timed call. `typed_owned` moves it into
//!   `Ans::<50>::new` (checked, not copied) and drops it with the request; the baseline borrows
//!   it for `push_str` and drops it too. Same input, same output, same drop on both sides.
//!
//! A counting global allocator reports the heap allocations of one request of each variant
//! (printed before the timings); it counts only while a variant is being counted, so the timed
//! runs pay one relaxed atomic load per allocation and nothing else.
//!
//! Run: `cargo bench --bench request -- --noplot`

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use doku_partner::endpoints::get_business_data::{
    BrandBusinessLine, CorporateBusinessLegalEntity, Query, RawRequest, Request,
};
use doku_partner::support::Ans;

struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`; counting has no effect on memory.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which `System` shares.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A growing string or vector is an allocation too.
        if COUNTING.load(Relaxed) {
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        // SAFETY: `ptr` and `layout` come from this allocator, i.e. from `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` and `layout` come from this allocator, i.e. from `System`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Heap allocations (including reallocations) made by one call of `f`, averaged over 1000.
fn allocations_per_call<T>(mut f: impl FnMut() -> T) -> f64 {
    const CALLS: usize = 1000;
    let mut outputs = Vec::with_capacity(CALLS);
    ALLOCATIONS.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    for _ in 0..CALLS {
        outputs.push(f());
    }
    COUNTING.store(false, Relaxed);
    drop(outputs);
    ALLOCATIONS.load(Relaxed) as f64 / CALLS as f64
}

/// Like [`allocations_per_call`], for a call consuming an input that `setup` makes (outside
/// the count).
fn allocations_per_call_with<I, T>(mut setup: impl FnMut() -> I, mut f: impl FnMut(I) -> T) -> f64 {
    const CALLS: usize = 1000;
    let inputs: Vec<I> = (0..CALLS).map(|_| setup()).collect();
    let mut outputs = Vec::with_capacity(CALLS);
    ALLOCATIONS.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    for input in inputs {
        outputs.push(f(input));
    }
    COUNTING.store(false, Relaxed);
    drop(outputs);
    ALLOCATIONS.load(Relaxed) as f64 / CALLS as f64
}

const PATH_PREFIX: &str = "/adv-core-api/partner/v1.0/business/";

/// The strings a request is made of, as a form or a database would hand them over.
#[derive(Clone, Copy)]
struct Case {
    name: &'static str,
    client_id: &'static str,
    business_type: &'static str,
    business_legal_entity: &'static str,
    brand_business_line: &'static str,
    business_contact_nationality: &'static str,
    query: Query,
}

const CASES: [Case; 2] = [
    Case {
        name: "personal",
        client_id: "BRN-0104-1678960841263",
        business_type: "PERSONAL",
        business_legal_entity: "PERSEORANGAN",
        brand_business_line: "RETAIL",
        business_contact_nationality: "ID",
        query: Query::Personal,
    },
    Case {
        name: "corporate",
        client_id: "BRN-0106-1679387230274",
        business_type: "CORPORATE",
        business_legal_entity: "PERKUMPULAN_BERBADAN_HUKUM",
        brand_business_line: "FOOD_AND_BEVERAGE",
        business_contact_nationality: "ID",
        query: Query::Corporate {
            business_legal_entity: CorporateBusinessLegalEntity::PerkumpulanBerbadanHukum,
            brand_business_line: BrandBusinessLine::FoodAndBeverage,
        },
    },
];

fn typed(client_id: &str, query: Query) -> (String, Option<String>) {
    let client_id = Ans::<50>::try_from(client_id).expect("valid client id");
    let request = Request::new(client_id, query);
    (request.path(), request.query_string())
}

fn typed_owned(client_id: String, query: Query) -> (String, Option<String>) {
    let client_id = Ans::<50>::new(client_id).expect("valid client id");
    let request = Request::new(client_id, query);
    (request.path(), request.query_string())
}

fn raw(case: &Case) -> (String, Option<String>) {
    let request = RawRequest {
        client_id: case.client_id,
        business_type: case.business_type,
        business_legal_entity: case.business_legal_entity,
        brand_business_line: case.brand_business_line,
        business_contact_nationality: case.business_contact_nationality,
    }
    .validate()
    .expect("valid request");
    (request.path(), request.query_string())
}

fn hand_push_str(case: &Case) -> (String, String) {
    hand_push_str_id(case.client_id, case)
}

fn hand_push_str_owned(client_id: String, case: &Case) -> (String, String) {
    let out = hand_push_str_id(&client_id, case);
    drop(client_id);
    out
}

fn hand_push_str_id(client_id: &str, case: &Case) -> (String, String) {
    let mut path = String::with_capacity(PATH_PREFIX.len() + client_id.len());
    path.push_str(PATH_PREFIX);
    path.push_str(client_id);
    let mut query = String::with_capacity(
        81 + case.business_type.len()
            + case.business_legal_entity.len()
            + case.brand_business_line.len()
            + case.business_contact_nationality.len(),
    );
    query.push_str("businessType=");
    query.push_str(case.business_type);
    query.push_str("&businessLegalEntity=");
    query.push_str(case.business_legal_entity);
    query.push_str("&brandBusinessLine=");
    query.push_str(case.brand_business_line);
    query.push_str("&businessContactNationality=");
    query.push_str(case.business_contact_nationality);
    (path, query)
}

fn hand_format(case: &Case) -> (String, String) {
    let path = format!("{PATH_PREFIX}{}", case.client_id);
    let query = format!(
        "businessType={}&businessLegalEntity={}&brandBusinessLine={}&businessContactNationality={}",
        case.business_type,
        case.business_legal_entity,
        case.brand_business_line,
        case.business_contact_nationality
    );
    (path, query)
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

fn request(c: &mut Criterion) {
    for case in &CASES {
        // Same output from every variant, or the comparison means nothing.
        let (path, query) = hand_push_str(case);
        assert_eq!(
            typed(case.client_id, case.query),
            (path.clone(), Some(query.clone()))
        );
        assert_eq!(
            typed_owned(case.client_id.to_owned(), case.query),
            (path.clone(), Some(query.clone()))
        );
        assert_eq!(raw(case), (path.clone(), Some(query.clone())));
        assert_eq!(
            hand_push_str_owned(case.client_id.to_owned(), case),
            (path.clone(), query.clone())
        );
        assert_eq!(hand_format(case), (path, query));

        println!(
            "allocations per request ({}): typed {}, raw {}, hand_push_str {}, hand_format {} \
             (each returns 2 strings)",
            case.name,
            allocations_per_call(|| typed(black_box(case.client_id), black_box(case.query))),
            allocations_per_call(|| raw(black_box(case))),
            allocations_per_call(|| hand_push_str(black_box(case))),
            allocations_per_call(|| hand_format(black_box(case))),
        );
        println!(
            "allocations per request ({}), caller owns the client ID: typed_owned {}, \
             hand_push_str_owned {} (each returns 2 strings; the input String is made before)",
            case.name,
            allocations_per_call_with(
                || case.client_id.to_owned(),
                |id| typed_owned(black_box(id), black_box(case.query))
            ),
            allocations_per_call_with(
                || case.client_id.to_owned(),
                |id| hand_push_str_owned(black_box(id), black_box(case))
            ),
        );

        let mut group = c.benchmark_group(format!("request/{}", case.name));
        group.bench_function("typed", |b| {
            b.iter(|| typed(black_box(case.client_id), black_box(case.query)))
        });
        group.bench_function("raw", |b| b.iter(|| raw(black_box(case))));
        group.bench_function("hand_push_str", |b| {
            b.iter(|| hand_push_str(black_box(case)))
        });
        group.bench_function("hand_format", |b| b.iter(|| hand_format(black_box(case))));
        group.bench_function("typed_owned", |b| {
            b.iter_batched(
                || case.client_id.to_owned(),
                |id| typed_owned(black_box(id), black_box(case.query)),
                BatchSize::SmallInput,
            )
        });
        group.bench_function("hand_push_str_owned", |b| {
            b.iter_batched(
                || case.client_id.to_owned(),
                |id| hand_push_str_owned(black_box(id), black_box(case)),
                BatchSize::SmallInput,
            )
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = config();
    targets = request
}
criterion_main!(benches);
