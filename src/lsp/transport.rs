//! JSON-RPC messages over a byte stream, framed with `Content-Length` headers. Reading
//! never gives up on bad input: a frame that cannot be read is reported as
//! [`Incoming::Invalid`] (to answer with an error) and the next one is read.

use lsp_server::{ErrorCode, Message};
use serde_json::{Value, json};
use std::io::{self, BufRead, Read, Write};

/// The largest message body read; larger ones are skipped with an error.
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// The most header lines one message may have.
const MAX_HEADERS: usize = 32;

/// The longest header line read.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// What the next frame held.
#[derive(Debug)]
pub enum Incoming {
    /// A well-formed message.
    Message(Message),
    /// A frame that is not a message: to be answered with this error.
    Invalid {
        /// The request's id when it could be read, else `null`.
        id: Value,
        /// The JSON-RPC error code (parse error or invalid request).
        code: ErrorCode,
        /// What was wrong.
        message: String,
    },
    /// The input is closed.
    End,
}

fn invalid(id: Value, code: ErrorCode, message: impl Into<String>) -> Incoming {
    Incoming::Invalid {
        id,
        code,
        message: message.into(),
    }
}

/// Reads the next frame.
pub fn read(r: &mut impl BufRead) -> io::Result<Incoming> {
    let mut length: Option<Result<usize, String>> = None;
    let mut headers = 0;
    loop {
        let mut line = Vec::new();
        let n = r
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(Incoming::End);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if headers == 0 {
                // A stray blank line between messages.
                continue;
            }
            break;
        }
        headers += 1;
        if headers > MAX_HEADERS {
            return Ok(invalid(
                Value::Null,
                ErrorCode::ParseError,
                "too many header lines; expected `Content-Length: N`, a blank line, then N bytes of JSON",
            ));
        }
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("bad Content-Length `{}`", value.trim())),
            );
        }
    }
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(e)) => return Ok(invalid(Value::Null, ErrorCode::ParseError, e)),
        None => {
            return Ok(invalid(
                Value::Null,
                ErrorCode::ParseError,
                "a message without a Content-Length header",
            ));
        }
    };
    if length > MAX_BODY {
        let skipped = io::copy(&mut r.by_ref().take(length as u64), &mut io::sink())?;
        if skipped < length as u64 {
            return Ok(Incoming::End);
        }
        return Ok(invalid(
            Value::Null,
            ErrorCode::InvalidRequest,
            format!("a message of {length} bytes is larger than the {MAX_BODY} bytes allowed"),
        ));
    }
    let mut body = vec![0; length];
    if let Err(e) = r.read_exact(&mut body) {
        return match e.kind() {
            io::ErrorKind::UnexpectedEof => Ok(Incoming::End),
            _ => Err(e),
        };
    }
    Ok(parse(&body))
}

/// Reads a frame's body as a message.
fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return invalid(Value::Null, ErrorCode::ParseError, format!("not JSON: {e}")),
    };
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Incoming::Message(m),
        Err(e) => invalid(
            id,
            ErrorCode::InvalidRequest,
            format!("not a JSON-RPC request, response or notification: {e}"),
        ),
    }
}

/// Writes a message.
pub fn write(w: &mut impl Write, message: Message) -> io::Result<()> {
    message.write(w)
}

/// Writes an error response whose id may be `null` (for a request that could not be read).
pub fn write_error(
    w: &mut impl Write,
    id: Value,
    code: ErrorCode,
    message: &str,
) -> io::Result<()> {
    let body = json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": message },
    })
    .to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn all(input: &str) -> Vec<Incoming> {
        let mut r = io::BufReader::new(input.as_bytes());
        let mut out = Vec::new();
        loop {
            match read(&mut r).unwrap() {
                Incoming::End => return out,
                other => out.push(other),
            }
        }
    }

    #[test]
    fn good_and_bad_frames_in_a_row() {
        let input = [
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            "garbage line\r\n\r\n".to_owned(),
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            "Content-Length: nine\r\n\r\n".to_owned(),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
        ]
        .concat();
        let got = all(&input);
        assert_eq!(got.len(), 6, "{got:?}");
        assert!(
            matches!(&got[0], Incoming::Message(Message::Request(r)) if r.method == "shutdown")
        );
        assert!(matches!(
            &got[1],
            Incoming::Invalid {
                code: ErrorCode::ParseError,
                id: Value::Null,
                ..
            }
        ));
        assert!(matches!(
            &got[2],
            Incoming::Invalid {
                code: ErrorCode::ParseError,
                ..
            }
        ));
        assert!(
            matches!(&got[3], Incoming::Invalid { code: ErrorCode::InvalidRequest, id, .. } if id == &json!(7))
        );
        assert!(matches!(
            &got[4],
            Incoming::Invalid {
                code: ErrorCode::ParseError,
                ..
            }
        ));
        assert!(
            matches!(&got[5], Incoming::Message(Message::Notification(n)) if n.method == "exit")
        );
    }

    #[test]
    fn a_cut_off_body_ends_the_input() {
        let got = all("Content-Length: 100\r\n\r\n{\"a\":");
        assert!(got.is_empty());
    }

    #[test]
    fn errors_are_framed() {
        let mut out = Vec::new();
        write_error(&mut out, Value::Null, ErrorCode::ParseError, "x").unwrap();
        let text = String::from_utf8(out).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(head, format!("Content-Length: {}", body.len()));
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["error"]["code"], json!(-32700));
        assert_eq!(v["id"], Value::Null);
    }
}
