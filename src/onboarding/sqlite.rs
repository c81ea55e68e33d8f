//! The onboarding journal in a SQLite file (feature `sqlite`): the default, one file, no
//! server. Several worker processes on one machine may share the file: the lease is taken in
//! one statement, and each record checks the lease and writes the step in one `IMMEDIATE`
//! transaction.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::journal::{Journal, JournalError, Lease, StepRecord, StepState};

/// The tables: one lease row per onboarding, one row per step.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS doku_onboarding_lease (
    onboarding_id TEXT PRIMARY KEY NOT NULL,
    token TEXT NOT NULL,
    until INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS doku_onboarding_step (
    onboarding_id TEXT NOT NULL,
    step TEXT NOT NULL,
    state TEXT NOT NULL,
    request_id TEXT NOT NULL,
    file_sha256 TEXT,
    doku_id TEXT,
    brand_id TEXT,
    detail TEXT,
    orphaned_request_ids TEXT,
    PRIMARY KEY (onboarding_id, step)
);";

/// The onboarding journal in a SQLite file.
#[derive(Debug)]
pub struct SqliteJournal {
    connection: Mutex<Connection>,
}

fn failed(what: &'static str) -> impl FnOnce(rusqlite::Error) -> JournalError {
    move |e| JournalError::store(what, e)
}

impl SqliteJournal {
    /// Opens (or creates) the file and its tables.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, JournalError> {
        let connection =
            Connection::open(path.as_ref()).map_err(failed("cannot open the SQLite file"))?;
        // WAL: readers and one writer at once across processes; a killed writer leaves the
        // file consistent.
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(failed("cannot switch the SQLite file to WAL"))?;
        Self::from_connection(connection)
    }

    /// Uses an open connection, creating the tables if needed.
    pub fn from_connection(connection: Connection) -> Result<Self, JournalError> {
        connection
            .busy_timeout(Duration::from_secs(5))
            .map_err(failed("cannot set the SQLite busy timeout"))?;
        connection
            .execute_batch(SCHEMA)
            .map_err(failed("cannot create the journal's tables"))?;
        Ok(SqliteJournal {
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

impl Journal for SqliteJournal {
    async fn acquire(
        &self,
        onboarding: &str,
        now: i64,
        lease_until: i64,
    ) -> Result<Option<Lease>, JournalError> {
        let lease = Lease::new(onboarding);
        // Inserts, or takes over an expired lease; one statement, so one winner.
        let won: Option<String> = self
            .lock()
            .query_row(
                "INSERT INTO doku_onboarding_lease (onboarding_id, token, until)
                 VALUES (?1, ?2, ?3)
                 ON CONFLICT (onboarding_id) DO UPDATE
                   SET token = excluded.token, until = excluded.until
                   WHERE doku_onboarding_lease.until <= ?4
                 RETURNING token",
                params![onboarding, lease.token(), lease_until, now],
                |row| row.get(0),
            )
            .optional()
            .map_err(failed("cannot take the onboarding's lease"))?;
        Ok((won.as_deref() == Some(lease.token())).then_some(lease))
    }

    async fn steps(&self, onboarding: &str) -> Result<Vec<StepRecord>, JournalError> {
        let connection = self.lock();
        let mut statement = connection
            .prepare_cached(
                "SELECT step, state, request_id, file_sha256, doku_id, brand_id, detail,
                        orphaned_request_ids
                 FROM doku_onboarding_step WHERE onboarding_id = ?1 ORDER BY rowid",
            )
            .map_err(failed("cannot read the onboarding's steps"))?;
        let rows = statement
            .query_map(params![onboarding], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    StepRecord {
                        step: row.get(0)?,
                        state: StepState::Started,
                        request_id: row.get(2)?,
                        file_sha256: row.get(3)?,
                        doku_id: row.get(4)?,
                        brand_id: row.get(5)?,
                        detail: row.get(6)?,
                        orphaned_request_ids: StepRecord::orphans_from(row.get(7)?),
                    },
                ))
            })
            .map_err(failed("cannot read the onboarding's steps"))?;
        let mut steps = Vec::new();
        for row in rows {
            let (step, state, mut record) =
                row.map_err(failed("cannot read the onboarding's steps"))?;
            record.state = StepState::parse(&state).ok_or_else(|| JournalError::Corrupt {
                onboarding: onboarding.to_owned(),
                step,
                state,
            })?;
            steps.push(record);
        }
        Ok(steps)
    }

    async fn record(
        &self,
        lease: &Lease,
        record: &StepRecord,
        lease_until: i64,
    ) -> Result<(), JournalError> {
        let mut connection = self.lock();
        // IMMEDIATE: the write lock is taken first, so no other process writes between the
        // lease check and the step's row.
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(failed("cannot begin a journal transaction"))?;
        let held = transaction
            .execute(
                "UPDATE doku_onboarding_lease SET until = ?3
                 WHERE onboarding_id = ?1 AND token = ?2",
                params![lease.onboarding(), lease.token(), lease_until],
            )
            .map_err(failed("cannot renew the onboarding's lease"))?;
        if held != 1 {
            return Err(JournalError::lost(lease));
        }
        transaction
            .execute(
                "INSERT INTO doku_onboarding_step (onboarding_id, step, state, request_id,
                     file_sha256, doku_id, brand_id, detail, orphaned_request_ids)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (onboarding_id, step) DO UPDATE SET
                     state = excluded.state, request_id = excluded.request_id,
                     file_sha256 = excluded.file_sha256, doku_id = excluded.doku_id,
                     brand_id = excluded.brand_id, detail = excluded.detail,
                     orphaned_request_ids = excluded.orphaned_request_ids",
                params![
                    lease.onboarding(),
                    record.step,
                    record.state.as_str(),
                    record.request_id,
                    record.file_sha256,
                    record.doku_id,
                    record.brand_id,
                    record.detail,
                    record.orphans_text(),
                ],
            )
            .map_err(failed("cannot write the step"))?;
        transaction
            .commit()
            .map_err(failed("cannot commit the step"))
    }

    async fn release(&self, lease: &Lease) -> Result<(), JournalError> {
        self.lock()
            .execute(
                "UPDATE doku_onboarding_lease SET until = 0
                 WHERE onboarding_id = ?1 AND token = ?2",
                params![lease.onboarding(), lease.token()],
            )
            .map_err(failed("cannot release the onboarding's lease"))?;
        Ok(())
    }
}
