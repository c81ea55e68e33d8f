//! Exactly once per Request-Id under concurrent duplicates, for each deduplication store: 100
//! distinct notifications delivered 1,000 times (10 each) in random order from 8 tasks; and the
//! same across two receivers sharing one store (one SQLite file, one PostgreSQL server).
//! PostgreSQL is a real server started for the test (tests/support/pg.rs).

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use doku_partner_support::clock::FixedClock;
use doku_partner_support::inbound::{
    Decision, DedupStore, Event, Handler, HandlerError, MemoryStore, Receiver,
};
use doku_partner_support::json::Json;
use support::notify::{KEY, NOW, PATH, Wire};

const DISTINCT: usize = 100;
/// 1,000 deliveries in all. 1,000 each (100,000 in all) passes too, but takes 12 s (memory),
/// 20 s (SQLite) and 65 s (PostgreSQL) in a debug build on 2 cores.
const DELIVERIES_EACH: usize = 10;
const TASKS: usize = 8;

/// Counts handler runs per Request-Id; yields inside so that twins overlap.
#[derive(Default)]
struct Counting {
    runs: Mutex<HashMap<String, usize>>,
}

impl Handler<Json> for Counting {
    async fn handle(&self, event: &Event<Json>) -> Result<(), HandlerError> {
        tokio::task::yield_now().await;
        *self
            .runs
            .lock()
            .unwrap()
            .entry(event.request_id().to_owned())
            .or_default() += 1;
        tokio::task::yield_now().await;
        Ok(())
    }
}

/// A small deterministic shuffle (xorshift), so a failure replays.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed | 1;
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order
}

fn receiver<S: DedupStore>(store: S) -> Receiver<S> {
    Receiver::builder(PATH)
        .key(KEY)
        .clock(FixedClock(NOW))
        .store(store)
        .build()
        .unwrap()
}

/// Delivers every notification `DELIVERIES_EACH` times from `TASKS` tasks, spread over the
/// receivers; asserts one handler run per Request-Id and only 200/409 answers.
async fn storm<S: DedupStore + 'static>(receivers: Vec<Receiver<S>>, seed: u64) {
    let wires: Arc<Vec<Wire>> = Arc::new(
        (0..DISTINCT)
            .map(|i| {
                let body = support::notify::payment_body(&format!("INV-{i}"), 300);
                Wire::signed(&format!("storm-{seed}-{i}"), &body, KEY)
            })
            .collect(),
    );
    let order: Arc<Vec<usize>> = Arc::new(
        shuffled(DISTINCT * DELIVERIES_EACH, seed)
            .into_iter()
            .map(|k| k % DISTINCT)
            .collect(),
    );
    let receivers = Arc::new(receivers);
    let handler = Arc::new(Counting::default());
    let accepted = Arc::new(Mutex::new(HashMap::<usize, usize>::new()));
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let (wires, order, receivers, handler, accepted) = (
            wires.clone(),
            order.clone(),
            receivers.clone(),
            handler.clone(),
            accepted.clone(),
        );
        tasks.push(tokio::spawn(async move {
            for (n, &i) in order.iter().enumerate().skip(t).step_by(TASKS) {
                let receiver = &receivers[n % receivers.len()];
                let decision = receiver
                    .receive::<Json, _>(&wires[i].request(), &*handler)
                    .await;
                match decision {
                    Decision::Accepted { unrecorded, .. } => {
                        assert!(unrecorded.is_none(), "{unrecorded:?}");
                        *accepted.lock().unwrap().entry(i).or_default() += 1;
                    }
                    Decision::Duplicate { .. } | Decision::InProgress { .. } => {}
                    other => panic!("unexpected {:?}: {}", other.status(), other.reason()),
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    {
        let runs = handler.runs.lock().unwrap();
        assert_eq!(runs.len(), DISTINCT);
        assert!(runs.values().all(|&n| n == 1), "{runs:?}");
        let accepted = accepted.lock().unwrap();
        assert_eq!(accepted.len(), DISTINCT);
        assert!(accepted.values().all(|&n| n == 1));
    }
    // Every id is recorded as done: one more delivery of each is a duplicate, on any receiver.
    for (i, wire) in wires.iter().enumerate() {
        let decision = receivers[i % receivers.len()]
            .receive::<Json, _>(&wire.request(), &*handler)
            .await;
        assert!(
            matches!(decision, Decision::Duplicate { .. }),
            "{}",
            decision.reason()
        );
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn memory_store_runs_each_handler_once() {
    runtime().block_on(storm(vec![receiver(MemoryStore::new())], 1));
}

#[test]
fn memory_store_shared_by_two_receivers() {
    let store = Arc::new(MemoryStore::new());
    runtime().block_on(storm(
        vec![receiver(store.clone()), receiver(store.clone())],
        2,
    ));
}

#[cfg(feature = "sqlite")]
mod sqlite {
    use super::*;
    use doku_partner_support::inbound::SqliteStore;

    /// A database file in a directory of its own, deleted (with SQLite's WAL files) on drop.
    struct TempDb(std::path::PathBuf);

    impl TempDb {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir()
                .join(format!("doku-partner-sqlite-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempDb(dir)
        }

        fn file(&self) -> std::path::PathBuf {
            self.0.join("dedup.db")
        }
    }

    impl Drop for TempDb {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn sqlite_file_runs_each_handler_once() {
        let db = TempDb::new("one");
        runtime().block_on(storm(
            vec![receiver(SqliteStore::open(db.file()).unwrap())],
            3,
        ));
        assert!(std::fs::metadata(db.file()).unwrap().len() > 0);
    }

    #[test]
    fn two_receivers_sharing_one_sqlite_file() {
        let db = TempDb::new("shared");
        let file = db.file();
        runtime().block_on(storm(
            vec![
                receiver(SqliteStore::open(&file).unwrap()),
                receiver(SqliteStore::open(&file).unwrap()),
            ],
            4,
        ));
    }

    #[test]
    fn ids_survive_a_restart() {
        let db = TempDb::new("restart");
        let file = db.file();
        let wire = Wire::signed("restart-1", b"{}", KEY);
        let handler = Counting::default();
        let rt = runtime();
        let first = receiver(SqliteStore::open(&file).unwrap());
        assert_eq!(
            rt.block_on(first.receive::<Json, _>(&wire.request(), &handler))
                .status(),
            200
        );
        drop(first);
        let second = receiver(SqliteStore::open(&file).unwrap());
        let decision = rt.block_on(second.receive::<Json, _>(&wire.request(), &handler));
        assert!(matches!(decision, Decision::Duplicate { .. }));
    }
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;
    use doku_partner_support::inbound::postgres::PostgresStore;
    use support::pg::PgServer;

    async fn store(server: &PgServer) -> PostgresStore {
        let store = PostgresStore::connect(&server.config()).await.unwrap();
        store.create_table().await.unwrap();
        store
    }

    #[test]
    fn postgres_runs_each_handler_once() {
        let server = PgServer::start();
        let rt = runtime();
        rt.block_on(async {
            let store = store(&server).await;
            storm(vec![receiver(store)], 5).await;
        });
    }

    #[test]
    fn two_receiver_instances_sharing_one_postgres() {
        let server = PgServer::start();
        let rt = runtime();
        rt.block_on(async {
            // Two connections, as two processes behind a load balancer would have.
            let a = store(&server).await;
            let b = PostgresStore::connect(&server.config()).await.unwrap();
            storm(vec![receiver(a), receiver(b)], 6).await;
        });
    }

    /// Marks the event done in the same transaction as the order update.
    struct Orders {
        db: tokio::sync::Mutex<tokio_postgres::Client>,
        fail_before_commit: std::sync::atomic::AtomicBool,
    }

    impl Handler<Json> for Orders {
        async fn handle(&self, event: &Event<Json>) -> Result<(), HandlerError> {
            let mut db = self.db.lock().await;
            let tx = db.transaction().await?;
            tx.execute(
                "UPDATE orders SET paid = paid + 1 WHERE invoice = 'INV-1'",
                &[],
            )
            .await?;
            PostgresStore::complete_in(&tx, event.claim(), event.keep_until()).await?;
            if self
                .fail_before_commit
                .load(std::sync::atomic::Ordering::SeqCst)
            {
                return Err("crashed before commit".into()); // tx rolls back on drop
            }
            tx.commit().await?;
            Ok(())
        }
    }

    async fn paid(orders: &Orders) -> i32 {
        let db = orders.db.lock().await;
        let row = db
            .query_one("SELECT paid FROM orders WHERE invoice = 'INV-1'", &[])
            .await
            .unwrap();
        row.get::<_, i32>(0)
    }

    #[test]
    fn marking_done_commits_with_the_partners_own_transaction() {
        let server = PgServer::start();
        let rt = runtime();
        rt.block_on(async {
            let receiver = receiver(store(&server).await);
            let (db, connection) = tokio_postgres::connect(&server.config(), tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(connection);
            db.batch_execute(
                "CREATE TABLE orders (invoice TEXT PRIMARY KEY, paid INT NOT NULL);
                 INSERT INTO orders VALUES ('INV-1', 0);",
            )
            .await
            .unwrap();
            let orders = Orders {
                db: tokio::sync::Mutex::new(db),
                fail_before_commit: true.into(),
            };
            let wire = Wire::signed("tx-1", br#"{"order":{"invoice_number":"INV-1"}}"#, KEY);
            // Rolled back: neither the order nor the id is recorded; DOKU is told to retry.
            let decision = receiver.receive::<Json, _>(&wire.request(), &orders).await;
            assert_eq!(decision.status(), 500);
            assert_eq!(paid(&orders).await, 0);
            // The retry commits both.
            orders
                .fail_before_commit
                .store(false, std::sync::atomic::Ordering::SeqCst);
            let decision = receiver.receive::<Json, _>(&wire.request(), &orders).await;
            assert_eq!(decision.status(), 200, "{}", decision.reason());
            assert!(matches!(
                decision,
                Decision::Accepted {
                    unrecorded: None,
                    ..
                }
            ));
            assert_eq!(paid(&orders).await, 1);
            let decision = receiver.receive::<Json, _>(&wire.request(), &orders).await;
            assert!(matches!(decision, Decision::Duplicate { .. }));
            assert_eq!(paid(&orders).await, 1);
        });
    }
}
