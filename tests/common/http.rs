//! A tiny static file server for browser tests, on a loopback address of the test's
//! choosing, that remembers every path it was asked for.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A server of one folder, running until the test process ends.
pub struct StaticServer {
    /// `http://IP:PORT/`.
    pub url: String,
    /// Every request's path, in the order they came.
    pub requests: Arc<Mutex<Vec<String>>>,
}

/// Serves `dir` over HTTP on `ip` (`127.0.0.1`, or another loopback address to stand
/// for another host) on a free port.
pub fn serve_on(ip: &str, dir: &Path) -> StaticServer {
    let listener = TcpListener::bind((ip, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&requests);
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (dir, seen) = (dir.clone(), Arc::clone(&seen));
            std::thread::spawn(move || answer(stream, &dir, &seen));
        }
    });
    StaticServer {
        url: format!("http://{ip}:{port}/"),
        requests,
    }
}

/// Serves `dir` on `127.0.0.1`; returns the base URL.
pub fn serve(dir: &Path) -> String {
    serve_on("127.0.0.1", dir).url
}

/// Reads one request from `stream` and answers it with a file of `dir`, or 404.
fn answer(mut stream: TcpStream, dir: &Path, seen: &Mutex<Vec<String>>) {
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    seen.lock().unwrap().push(path.to_owned());
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file: PathBuf = dir.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let response = match std::fs::read(&file) {
        Ok(body) if !path.contains("..") => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css",
                Some("svg") => "image/svg+xml",
                _ => "application/octet-stream",
            };
            let mut r = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            r.extend(body);
            r
        }
        _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&response);
}
