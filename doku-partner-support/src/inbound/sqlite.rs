//! Deduplication in a SQLite file (feature `sqlite`): the embedded default for one machine.
//! Several receiver processes may share the file; each claim is one atomic statement.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use super::store::{Claim, ClaimOutcome, DedupStore, StoreError};

/// The table; `until` is the lease's end while claimed, the retention's end once done.
const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS doku_inbound_dedup (
    request_id TEXT PRIMARY KEY NOT NULL,
    token TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('claimed', 'done')),
    until INTEGER NOT NULL
) WITHOUT ROWID";

/// Handled `Request-Id`s in a SQLite file.
///
/// Statements are short and run on the calling task (SQLite in WAL mode answers in
/// microseconds); a busy file is waited on for up to five seconds.
#[derive(Debug)]
pub struct SqliteStore {
    connection: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (or creates) the file and its table.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let connection = Connection::open(path.as_ref())
            .map_err(|e| StoreError::new("cannot open the SQLite file", e))?;
        // WAL lets readers and one writer work at once across processes.
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| StoreError::new("cannot switch the SQLite file to WAL", e))?;
        Self::from_connection(connection)
    }

    /// Uses an open connection, creating the table if needed.
    pub fn from_connection(connection: Connection) -> Result<Self, StoreError> {
        connection
            .busy_timeout(Duration::from_secs(5))
            .map_err(|e| StoreError::new("cannot set the SQLite busy timeout", e))?;
        connection
            .execute(SCHEMA, [])
            .map_err(|e| StoreError::new("cannot create the deduplication table", e))?;
        Ok(SqliteStore {
            connection: Mutex::new(connection),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // rusqlite leaves the connection usable after a panic elsewhere.
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

fn failed(what: &'static str) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |e| StoreError::new(what, e)
}

impl DedupStore for SqliteStore {
    async fn claim(
        &self,
        request_id: &str,
        now: i64,
        lease_until: i64,
    ) -> Result<ClaimOutcome, StoreError> {
        let claim = Claim::new(request_id);
        let connection = self.lock();
        // Inserts, or takes over an expired row; one statement, so one winner.
        let won: Option<String> = connection
            .query_row(
                "INSERT INTO doku_inbound_dedup (request_id, token, state, until)
                 VALUES (?1, ?2, 'claimed', ?3)
                 ON CONFLICT (request_id) DO UPDATE
                   SET token = excluded.token, state = 'claimed', until = excluded.until
                   WHERE doku_inbound_dedup.until <= ?4
                 RETURNING token",
                params![request_id, claim.token(), lease_until, now],
                |row| row.get(0),
            )
            .optional()
            .map_err(failed("cannot claim the Request-Id"))?;
        if won.as_deref() == Some(claim.token()) {
            return Ok(ClaimOutcome::Claimed(claim));
        }
        let state: Option<String> = connection
            .query_row(
                "SELECT state FROM doku_inbound_dedup WHERE request_id = ?1",
                params![request_id],
                |row| row.get(0),
            )
            .optional()
            .map_err(failed("cannot read the Request-Id's state"))?;
        Ok(match state.as_deref() {
            Some("done") => ClaimOutcome::Done,
            _ => ClaimOutcome::InProgress,
        })
    }

    async fn complete(&self, claim: &Claim, keep_until: i64) -> Result<(), StoreError> {
        let updated = self
            .lock()
            .execute(
                "UPDATE doku_inbound_dedup SET state = 'done', until = ?3
                 WHERE request_id = ?1 AND token = ?2",
                params![claim.request_id(), claim.token(), keep_until],
            )
            .map_err(failed("cannot mark the Request-Id done"))?;
        if updated == 1 {
            Ok(())
        } else {
            Err(StoreError::lost(claim))
        }
    }

    async fn release(&self, claim: &Claim) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "DELETE FROM doku_inbound_dedup
                 WHERE request_id = ?1 AND token = ?2 AND state = 'claimed'",
                params![claim.request_id(), claim.token()],
            )
            .map_err(failed("cannot release the claim"))?;
        Ok(())
    }

    async fn purge(&self, now: i64) -> Result<u64, StoreError> {
        let deleted = self
            .lock()
            .execute(
                "DELETE FROM doku_inbound_dedup WHERE until <= ?1",
                params![now],
            )
            .map_err(failed("cannot purge expired ids"))?;
        Ok(deleted as u64)
    }
}
