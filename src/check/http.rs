//! Checking web addresses: concurrently, at most a few at a time per host, each with a
//! timeout; `HEAD` first, then `GET` when the server refuses or fumbles `HEAD`;
//! redirects followed by hand, so that one to anything but `http` or `https` (a `file:`
//! address, say) is reported and never followed.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

/// How to check.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// The longest one request may take, connecting and answering.
    pub timeout: Duration,
    /// The most requests in flight to one host at a time.
    pub per_host: usize,
    /// The most requests in flight overall.
    pub threads: usize,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            timeout: Duration::from_secs(10),
            per_host: 2,
            threads: 8,
        }
    }
}

/// What one address answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// A 2xx answer (after redirects), with its status.
    Ok(u16),
    /// Anything else.
    Broken {
        /// The HTTP status, when the server answered.
        status: Option<u16>,
        /// What went wrong, in words (`404 Not Found`, `no answer within 10 s`, ...).
        reason: String,
    },
}

impl LinkStatus {
    /// True for a 2xx answer.
    pub fn is_ok(&self) -> bool {
        matches!(self, LinkStatus::Ok(_))
    }
}

/// The host part of an address, lower-cased (`example.org:8080`), for the per-host limit.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.to_ascii_lowercase()
}

/// Checks every address in `urls` and returns what each answered.
pub fn check_all(urls: &[String], settings: &HttpSettings) -> HashMap<String, LinkStatus> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!("placebook-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    struct Queue {
        pending: VecDeque<(String, String)>,
        busy: HashMap<String, usize>,
    }
    let queue = Mutex::new(Queue {
        pending: urls.iter().map(|u| (u.clone(), host_of(u))).collect(),
        busy: HashMap::new(),
    });
    let ready = Condvar::new();
    let results = Mutex::new(HashMap::new());
    let per_host = settings.per_host.max(1);
    let threads = settings.threads.max(1).min(urls.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let (url, host) = {
                        let mut q = queue.lock().unwrap_or_else(PoisonError::into_inner);
                        loop {
                            if q.pending.is_empty() {
                                return;
                            }
                            let free = q
                                .pending
                                .iter()
                                .position(|(_, h)| q.busy.get(h).copied().unwrap_or(0) < per_host);
                            if let Some(i) = free
                                && let Some(job) = q.pending.remove(i)
                            {
                                *q.busy.entry(job.1.clone()).or_default() += 1;
                                break job;
                            }
                            q = ready.wait(q).unwrap_or_else(PoisonError::into_inner);
                        }
                    };
                    let status = check_one(&agent, &url, settings.timeout);
                    results
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert(url, status);
                    let mut q = queue.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some(n) = q.busy.get_mut(&host) {
                        *n = n.saturating_sub(1);
                    }
                    drop(q);
                    ready.notify_all();
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// How many redirects one address may take.
const MAX_REDIRECTS: usize = 10;

/// `HEAD`, then `GET` unless `HEAD` succeeded or timed out; each following redirects.
fn check_one(agent: &ureq::Agent, url: &str, timeout: Duration) -> LinkStatus {
    let target = url.split('#').next().unwrap_or(url);
    match follow(agent, "HEAD", target) {
        Ok(r) if r.status().is_success() => return LinkStatus::Ok(r.status().as_u16()),
        Err(Failure::Http(e @ ureq::Error::Timeout(_))) => return describe(e, timeout),
        Err(Failure::Refused(reason)) => {
            return LinkStatus::Broken {
                status: None,
                reason,
            };
        }
        _ => {}
    }
    match follow(agent, "GET", target) {
        Ok(r) if r.status().is_success() => LinkStatus::Ok(r.status().as_u16()),
        Ok(r) => {
            let status = r.status();
            LinkStatus::Broken {
                status: Some(status.as_u16()),
                reason: match status.canonical_reason() {
                    Some(words) => format!("{} {words}", status.as_u16()),
                    None => status.as_u16().to_string(),
                },
            }
        }
        Err(Failure::Http(e)) => describe(e, timeout),
        Err(Failure::Refused(reason)) => LinkStatus::Broken {
            status: None,
            reason,
        },
    }
}

/// Why following an address stopped.
enum Failure {
    /// The request failed.
    Http(ureq::Error),
    /// A redirect placebook will not follow: too many, or to another kind of address.
    Refused(String),
}

/// The answer to `method` on `url` once redirects to http(s) addresses are followed.
fn follow(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
) -> Result<ureq::http::Response<ureq::Body>, Failure> {
    let mut current = url.to_owned();
    for _ in 0..=MAX_REDIRECTS {
        let call = if method == "HEAD" {
            agent.head(&current).call()
        } else {
            agent.get(&current).call()
        };
        let r = call.map_err(Failure::Http)?;
        let location = r.headers().get("location").and_then(|l| l.to_str().ok());
        let Some(location) = location.filter(|_| r.status().is_redirection()) else {
            return Ok(r);
        };
        let next = join(&current, location.trim());
        let scheme = next
            .split_once(':')
            .map_or("", |(s, _)| s)
            .to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(Failure::Refused(format!(
                "it redirects to `{next}`, which is not a web address, so it was not followed"
            )));
        }
        current = next;
    }
    Err(Failure::Refused("too many redirects".to_owned()))
}

/// The address `location` (from a redirect) names, read from the page at `base`.
pub fn join(base: &str, location: &str) -> String {
    let has_scheme = location.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if has_scheme {
        return location.to_owned();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(authority_path) = location.strip_prefix("//") {
        return format!("{scheme}://{authority_path}");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path = &rest[authority.len()..];
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    format!(
        "{scheme}://{authority}{}",
        without_dots(&format!("{dir}/{location}"))
    )
}

/// A path with its `.` and `..` segments resolved, as browsers resolve them.
fn without_dots(path: &str) -> String {
    let (path, query) = match path.find(['?', '#']) {
        Some(i) => path.split_at(i),
        None => (path, ""),
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." if last => out.push(""),
            "." => {}
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}{query}", out.join("/"))
}

fn describe(e: ureq::Error, timeout: Duration) -> LinkStatus {
    let reason = match e {
        ureq::Error::Timeout(_) => format!("no answer within {} s", timeout.as_secs_f64()),
        ureq::Error::HostNotFound => "the host was not found".to_owned(),
        ureq::Error::ConnectionFailed => "the connection failed".to_owned(),
        ureq::Error::TooManyRedirects => "too many redirects".to_owned(),
        ureq::Error::BadUri(u) => format!("not a valid address ({u})"),
        ureq::Error::Io(io) => format!("the connection failed: {io}"),
        other => other.to_string(),
    };
    LinkStatus::Broken {
        status: None,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://User@Example.org:8080/a?b#c"),
            "example.org:8080"
        );
        assert_eq!(host_of("http://x.org"), "x.org");
    }

    #[test]
    fn redirect_locations_resolve_as_browsers_resolve_them() {
        let base = "http://h.org/a/b/page?q=1";
        for (location, want) in [
            ("https://x.org/y", "https://x.org/y"),
            ("//x.org/y", "http://x.org/y"),
            ("/top", "http://h.org/top"),
            ("next", "http://h.org/a/b/next"),
            ("../ok", "http://h.org/a/ok"),
            ("./", "http://h.org/a/b/"),
            ("../../../../x?y=1", "http://h.org/x?y=1"),
            ("file:///etc/passwd", "file:///etc/passwd"),
        ] {
            assert_eq!(join(base, location), want, "{location}");
        }
    }
}
