//! A running `placebook serve` on a copy of a fixture, with a live-reload listener.
#![allow(dead_code)]

use super::{Site, fixture, placebook};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// How long a test waits for something the server should do promptly. Generous, for a
/// busy CI machine; only correctness is asserted, never speed.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// `placebook serve` on a fresh copy of a fixture site, stopped on drop.
pub struct Server {
    child: Child,
    /// The site being served.
    pub site: Site,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    stderr: Receiver<String>,
}

impl Server {
    /// Starts serving a copy of `tests/fixtures/<name>` on a free port.
    pub fn start(name: &str) -> Server {
        Self::start_site(fixture(name))
    }

    /// Starts serving `site` on a free port.
    pub fn start_site(site: Site) -> Server {
        let mut child = placebook()
            .args(["serve", "--port", "0", "--root"])
            .arg(&site.root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start placebook serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = child.stderr.take().unwrap();
        let (etx, erx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = etx.send(line);
            }
        });
        let deadline = Instant::now() + PATIENCE * 3;
        let url = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("placebook serve printed its address");
            if let Some(at) = line
                .strip_prefix("Serving ")
                .and_then(|l| l.split(" at ").nth(1))
            {
                break at.trim().to_owned();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || while rx.recv().is_ok() {});
        Server {
            child,
            site,
            url,
            stderr: erx,
        }
    }

    /// `host:port`.
    pub fn authority(&self) -> String {
        self.url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned()
    }

    /// GET `path` (no leading `/`): status and body.
    pub fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let mut resp = agent
            .get(format!("{}{path}", self.url))
            .call()
            .expect("GET");
        let status = resp.status().as_u16();
        (status, resp.body_mut().read_to_string().unwrap_or_default())
    }

    /// Sends `target` exactly as written (no normalising) and returns the raw response.
    pub fn raw_get(&self, target: &str) -> String {
        let mut s = TcpStream::connect(self.authority()).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.authority()
        )
        .unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }

    /// Starts listening to live-reload events.
    pub fn events(&self) -> Events {
        self.listen(format!("{}__placebook/events", self.url))
    }

    /// Starts listening to live-reload events as a browser showing `page` (`/a/b/`)
    /// does: the server renders that page first after an edit.
    pub fn events_on(&self, page: &str) -> Events {
        self.listen(format!("{}__placebook/events?page={page}", self.url))
    }

    fn listen(&self, url: String) -> Events {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let Ok(resp) = ureq::get(&url).call() else {
                return;
            };
            let reader = BufReader::new(resp.into_body().into_reader());
            for line in reader.lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ")
                    && let Ok(v) = serde_json::from_str::<serde_json::Value>(data)
                    && tx.send(v).is_err()
                {
                    break;
                }
            }
        });
        let mut events = Events {
            rx,
            hello: serde_json::Value::Null,
        };
        events.hello = events.wait_for("hello", |_| true);
        events
    }

    /// What a page opened now is first told (the update count and any errors).
    pub fn events_hello(&self) -> serde_json::Value {
        self.events().hello
    }

    /// Everything the server printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.try_iter().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Live-reload messages as they arrive.
pub struct Events {
    rx: Receiver<serde_json::Value>,
    /// The first message: `{"type": "hello", "version": N, "errors"?: text, "count"?: n}`.
    pub hello: serde_json::Value,
}

impl Events {
    /// Waits for a message of `kind` that satisfies `pred`, skipping others.
    pub fn wait_for(
        &self,
        kind: &str,
        pred: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(v) if v["type"] == kind && pred(&v) => return v,
                Ok(v) => seen.push(v),
                Err(_) => panic!("no `{kind}` message arrived; saw {seen:?}"),
            }
        }
    }

    /// Waits for a reload that names `page` (an output path) or reloads everything.
    pub fn wait_for_reload_of(&self, page: &str) -> serde_json::Value {
        self.wait_for("reload", |v| {
            v["all"] == true
                || v["paths"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|p| p == page))
        })
    }

    /// The messages up to and including the first of `kind`.
    pub fn until(&self, kind: &str) -> Vec<serde_json::Value> {
        let mut seen = Vec::new();
        let deadline = Instant::now() + PATIENCE;
        while seen
            .last()
            .is_none_or(|v: &serde_json::Value| v["type"] != kind)
        {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(v) => seen.push(v),
                Err(_) => panic!("no `{kind}` message arrived; saw {seen:?}"),
            }
        }
        seen
    }

    /// Messages that arrive within `wait`.
    pub fn collect_for(&self, wait: Duration) -> Vec<serde_json::Value> {
        let deadline = Instant::now() + wait;
        let mut out = Vec::new();
        while let Ok(v) = self
            .rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            out.push(v);
        }
        out
    }
}
