//! The machine-readable report of `placebook check --format json`.
//!
//! The schema is stable (documented in the README and in
//! `docs/static/check-output.schema.json`); a change that removes or retypes a field bumps
//! [`SCHEMA_VERSION`]:
//!
//! ```json
//! { "version": 1, "errors": 1, "warnings": 0,
//!   "diagnostics": [ { "file": "content/case-studies/a.md", "line": 4, "column": 1,
//!                      "severity": "error", "code": "unknown-field",
//!                      "message": "unknown field `sumary` ...",
//!                      "suggestion": "did you mean `summary`?" } ] }
//! ```
//!
//! Every diagnostic has every field: `file` is `null` when the problem is not in one
//! file, `line` and `column` are 0 when unknown, `suggestion` is `null` when there is
//! none. Diagnostics are sorted by file, line and column.

use crate::diagnostic::{Diagnostics, Severity};
use serde::Serialize;

/// The version of the report's schema.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// [`SCHEMA_VERSION`].
    pub version: u32,
    /// How many diagnostics are errors.
    pub errors: usize,
    /// How many diagnostics are warnings.
    pub warnings: usize,
    /// Every diagnostic, sorted by file, line and column.
    pub diagnostics: Vec<Entry<'a>>,
}

/// One diagnostic, with every field present.
#[derive(Debug, Serialize)]
pub struct Entry<'a> {
    /// Path relative to the site root with `/` separators, or `null`.
    pub file: Option<&'a str>,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column in characters, 0 when unknown.
    pub column: usize,
    /// `error` or `warning`.
    pub severity: Severity,
    /// A stable identifier such as `unknown-field`.
    pub code: &'a str,
    /// What is wrong.
    pub message: &'a str,
    /// What to do about it, or `null`.
    pub suggestion: Option<&'a str>,
}

/// The report of `diags` (which must be sorted already).
pub fn report(diags: &Diagnostics) -> Report<'_> {
    Report {
        version: SCHEMA_VERSION,
        errors: diags.error_count(),
        warnings: diags.warning_count(),
        diagnostics: diags
            .iter()
            .map(|d| Entry {
                file: d.location.as_ref().map(|l| l.file.as_str()),
                line: d.location.as_ref().map_or(0, |l| l.line),
                column: d.location.as_ref().map_or(0, |l| l.column),
                severity: d.severity,
                code: d.code,
                message: &d.message,
                suggestion: d.suggestion.as_deref(),
            })
            .collect(),
    }
}

/// The report as pretty-printed JSON text.
pub fn to_string(diags: &Diagnostics) -> String {
    let mut sorted = diags.clone();
    sorted.sort();
    serde_json::to_string_pretty(&report(&sorted)).unwrap_or_else(|e| {
        // Serialising plain strings and numbers cannot fail; keep the schema if it does.
        format!(
            "{{\"version\":{SCHEMA_VERSION},\"errors\":1,\"warnings\":0,\"diagnostics\":[{{\"file\":null,\"line\":0,\"column\":0,\"severity\":\"error\",\"code\":\"internal\",\"message\":{},\"suggestion\":null}}]}}",
            serde_json::Value::String(e.to_string())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    #[test]
    fn every_field_is_always_present() {
        let diags: Diagnostics = vec![
            Diagnostic::error("no-content", "there is no content folder"),
            Diagnostic::warning("no-sources", "x").in_file("content/a.md"),
        ]
        .into();
        let v: serde_json::Value = serde_json::from_str(&to_string(&diags)).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["errors"], 1);
        assert_eq!(v["warnings"], 1);
        for d in v["diagnostics"].as_array().unwrap() {
            let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(
                keys,
                [
                    "code",
                    "column",
                    "file",
                    "line",
                    "message",
                    "severity",
                    "suggestion"
                ]
            );
        }
        assert_eq!(v["diagnostics"][0]["file"], serde_json::Value::Null);
        assert_eq!(v["diagnostics"][1]["line"], 0);
    }
}
