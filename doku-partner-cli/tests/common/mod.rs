//! Running the built `doku-partner` as a user does, bounded in time: every run is killed and
//! fails its test when it does not finish within its deadline.

#![allow(dead_code)] // Each test file uses its own part of this.

use std::fs::File;
use std::io::{BufRead as _, BufReader};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// How long one run may take before it is killed (a debug binary on a busy machine).
pub const DEADLINE: Duration = Duration::from_secs(60);

/// The address space `memory_limited` runs get (1 GiB): far above what the command needs,
/// low enough that reading `/dev/zero` without a cap dies quickly instead of exhausting the
/// machine.
const MEMORY_LIMIT_KIB: u64 = 1024 * 1024;

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Ran {
    /// The exit status.
    pub status: ExitStatus,
    /// Standard output (empty when it was closed).
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Ran {
    /// The exit code; `None` when a signal ended the process.
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// Both streams, for leak checks and messages.
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

enum Input {
    Null,
    Bytes(Vec<u8>),
    File(PathBuf),
    /// A pipe whose write end is closed at once (a closed standard input).
    Closed,
}

enum Sink {
    Piped,
    /// A pipe whose read end is closed before the command starts.
    Closed,
    File(PathBuf),
}

/// One run of `doku-partner`, configured then [`run`](Cli::run).
pub struct Cli {
    args: Vec<String>,
    env: Vec<(String, String)>,
    input: Input,
    stdout: Sink,
    memory_limited: bool,
    deadline: Duration,
    dir: Option<PathBuf>,
}

impl Cli {
    /// `doku-partner ARGS`, without `DOKU_CLIENT_ID` and `DOKU_SECRET_KEY` from the test's
    /// environment, standard input `/dev/null`.
    pub fn new<S: AsRef<str>>(args: &[S]) -> Self {
        Cli {
            args: args.iter().map(|a| a.as_ref().to_owned()).collect(),
            env: Vec::new(),
            input: Input::Null,
            stdout: Sink::Piped,
            memory_limited: false,
            deadline: DEADLINE,
            dir: None,
        }
    }

    /// Sets an environment variable.
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Feeds `bytes` on standard input.
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.input = Input::Bytes(bytes.into());
        self
    }

    /// Standard input read from a file (`/dev/zero`).
    pub fn stdin_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.input = Input::File(path.into());
        self
    }

    /// Standard input a pipe closed before the command starts.
    pub fn closed_stdin(mut self) -> Self {
        self.input = Input::Closed;
        self
    }

    /// Standard output a pipe whose read end is closed before the command starts, so its
    /// first write fails with a broken pipe.
    pub fn closed_stdout(mut self) -> Self {
        self.stdout = Sink::Closed;
        self
    }

    /// Standard output written to a file (`/dev/full`).
    pub fn stdout_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.stdout = Sink::File(path.into());
        self
    }

    /// Runs under `ulimit -v` (see [`MEMORY_LIMIT_KIB`]), for inputs without end.
    pub fn memory_limited(mut self) -> Self {
        self.memory_limited = true;
        self
    }

    /// Runs from this directory.
    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = Some(dir.into());
        self
    }

    /// Runs the command; panics when it does not finish within the deadline.
    pub fn run(self) -> Ran {
        let bin = env!("CARGO_BIN_EXE_doku-partner");
        let mut cmd = if self.memory_limited {
            let mut sh = Command::new("sh");
            sh.arg("-c")
                .arg(format!(
                    "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""
                ))
                .arg(bin)
                .args(&self.args);
            sh
        } else {
            let mut direct = Command::new(bin);
            direct.args(&self.args);
            direct
        };
        cmd.env_remove("DOKU_SECRET_KEY")
            .env_remove("DOKU_CLIENT_ID");
        for (name, value) in &self.env {
            cmd.env(name, value);
        }
        if let Some(dir) = &self.dir {
            cmd.current_dir(dir);
        }
        let mut feed = None;
        match self.input {
            Input::Null => {
                cmd.stdin(Stdio::null());
            }
            Input::Bytes(bytes) => {
                cmd.stdin(Stdio::piped());
                feed = Some(bytes);
            }
            Input::File(path) => {
                cmd.stdin(File::open(&path).expect("stdin file opens"));
            }
            Input::Closed => {
                let (reader, writer) = std::io::pipe().expect("pipe");
                drop(writer);
                cmd.stdin(reader);
            }
        }
        match self.stdout {
            Sink::Piped => {
                cmd.stdout(Stdio::piped());
            }
            Sink::Closed => {
                let (reader, writer) = std::io::pipe().expect("pipe");
                drop(reader);
                cmd.stdout(writer);
            }
            Sink::File(path) => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .expect("stdout file opens");
                cmd.stdout(file);
            }
        }
        cmd.stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("doku-partner starts");
        // The command's own pipe ends must not stay open in this process.
        drop(cmd);
        let writer = child.stdin.take().zip(feed).map(|(mut stdin, bytes)| {
            // The command may stop reading early (a cap): a broken pipe here is expected.
            thread::spawn(move || {
                let _ = stdin.write_all(&bytes);
            })
        });
        let out = child.stdout.take().map(|mut s| {
            thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = s.read_to_end(&mut bytes);
                bytes
            })
        });
        let err = child.stderr.take().map(|mut s| {
            thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = s.read_to_end(&mut bytes);
                bytes
            })
        });
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if started.elapsed() > self.deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "doku-partner {:?} did not finish within {:?}",
                    self.args, self.deadline
                );
            }
            thread::sleep(Duration::from_millis(10));
        };
        if let Some(writer) = writer {
            let _ = writer.join();
        }
        let text = |handle: Option<thread::JoinHandle<Vec<u8>>>| {
            let bytes = handle
                .map(|h| h.join().expect("reader"))
                .unwrap_or_default();
            String::from_utf8(bytes).expect("output is UTF-8")
        };
        Ran {
            status,
            stdout: text(out),
            stderr: text(err),
        }
    }
}

/// The workspace root (where `spec/` is).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crate is in a workspace")
        .to_path_buf()
}

/// A scratch file under this test binary's temporary folder, holding `contents`: in a folder
/// of its own per call, because tests run in parallel (and test binaries at once) and two that
/// write the same name would otherwise read each other's half-written file.
pub fn scratch(group: &str, name: &str, contents: &[u8]) -> PathBuf {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(format!("{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("scratch file");
    path
}

/// Asserts the run did not panic (Rust's panic message, exit status 101).
pub fn assert_no_panic(ran: &Ran) {
    assert_ne!(ran.code(), Some(101), "panicked: {}", ran.stderr);
    assert!(!ran.stderr.contains("panicked"), "panicked: {}", ran.stderr);
}

/// A running `doku-partner serve` (its address read from its first line), killed when dropped.
pub struct Serving {
    child: Child,
    /// `http://127.0.0.1:PORT`, as the command printed it.
    pub base: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `doku-partner serve --port 0 ARGS...` as the partner `client_id` with `key`.
pub fn serve(args: &[String], client_id: &str, key: &str) -> Serving {
    let mut child = Command::new(env!("CARGO_BIN_EXE_doku-partner"))
        .args(["serve", "--port", "0"])
        .args(args)
        .env("DOKU_CLIENT_ID", client_id)
        .env("DOKU_SECRET_KEY", key)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let base = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
        .to_owned();
    let mut stderr = child.stderr.take().unwrap();
    thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    Serving { child, base }
}
