//! The accessibility statement (`accessibility:` in placebook.yaml): the page at
//! `accessibility/` that the Public Sector Bodies (Websites and Mobile Applications)
//! (No. 2) Accessibility Regulations 2018 require (regulation 8), laid out as the
//! government's model statement is. Each part the model requires is a key here, and a
//! missing one is an error at the section's line.

use super::{Config, ConfigErrors};
use crate::dates::{Date, DateView, DateWords, Period, parse_date};
use serde::{Deserialize, Serialize};

/// How far the site meets WCAG 2.2 AA, in the model statement's three words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    /// Fully compliant.
    Full,
    /// Partially compliant: the known issues say where not.
    Partial,
    /// Not compliant.
    None,
}

/// One thing that is not accessible, and why (an entry of `issues:`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct KnownIssue {
    /// What is not accessible, in plain words.
    #[serde(default)]
    pub text: String,
    /// The WCAG 2.2 success criterion it fails (`1.1.1 Non-text content`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    /// When the body plans to fix it (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_by: Option<String>,
}

/// The statement's parts (`accessibility:` in placebook.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityConfig {
    /// The body that runs the site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// How far the site meets WCAG 2.2 AA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliance: Option<Compliance>,
    /// An email address for other formats and for reporting problems.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A telephone number for the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// A contact form's address for the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Working days within which a request for another format is answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_days: Option<u32>,
    /// What is not accessible (needed unless `compliance: full`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<KnownIssue>,
    /// Content the body judges a disproportionate burden to fix, each with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disproportionate_burden: Vec<String>,
    /// Content outside the regulations' scope (old PDFs, live video, maps).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub out_of_scope: Vec<String>,
    /// What the body is doing to improve accessibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improvements: Option<String>,
    /// The day the site was last tested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tested: Option<String>,
    /// Who tested it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tested_by: Option<String>,
    /// How the pages to test were chosen and how they were tested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_method: Option<String>,
    /// The day the statement was prepared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepared: Option<String>,
    /// The day it was last reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<String>,
    /// The day its next review is due; a year after the last review (or preparation)
    /// when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_due: Option<String>,
    /// The site is in Northern Ireland, whose Equality Commission enforces the
    /// regulations there (elsewhere in the UK it is the EHRC).
    #[serde(default)]
    pub northern_ireland: bool,
    /// Where placebook.yaml says when the review is due (or, without `review_due`, the
    /// date it follows from), for `check`'s warning.
    #[serde(skip)]
    pub review_at: Option<crate::diagnostic::Position>,
}

/// The keys of `accessibility:`.
pub const ACCESSIBILITY_KEYS: &[&str] = &[
    "organisation",
    "compliance",
    "email",
    "phone",
    "form",
    "reply_days",
    "issues",
    "disproportionate_burden",
    "out_of_scope",
    "improvements",
    "tested",
    "tested_by",
    "test_method",
    "prepared",
    "reviewed",
    "review_due",
    "northern_ireland",
];

/// How long a statement lasts before its review is due, when `review_due` is not set.
const REVIEW_EVERY: Period = Period {
    years: 1,
    months: 0,
    days: 0,
};

/// The statement as templates see it (`site.accessibility`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StatementView {
    /// What the statement applies to: the site's address, else its title.
    pub applies_to: String,
    /// The body that runs the site.
    pub organisation: String,
    /// `full`, `partial` or `none`.
    pub compliance: Compliance,
    /// Contact email, phone and form.
    pub email: Option<String>,
    /// Contact telephone number.
    pub phone: Option<String>,
    /// Contact form's address.
    pub form: Option<String>,
    /// Working days to answer, as text for the sentence that says it.
    pub reply_days: String,
    /// Known issues, with their fix dates as readers see them.
    pub issues: Vec<IssueView>,
    /// Disproportionate burden claims.
    pub disproportionate_burden: Vec<String>,
    /// Content out of scope.
    pub out_of_scope: Vec<String>,
    /// What is being done to improve.
    pub improvements: Option<String>,
    /// The day of the last test.
    pub tested: Option<DateView>,
    /// Who tested.
    pub tested_by: String,
    /// How it was tested.
    pub test_method: String,
    /// The day the statement was prepared.
    pub prepared: Option<DateView>,
    /// The day it was last reviewed.
    pub reviewed: Option<DateView>,
    /// The day its next review is due.
    pub review_due: Option<DateView>,
    /// Northern Ireland's enforcement body applies.
    pub northern_ireland: bool,
}

/// A known issue as templates see it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IssueView {
    /// What is not accessible.
    pub text: String,
    /// The WCAG criterion it fails.
    pub criterion: Option<String>,
    /// When it will be fixed.
    pub fix_by: Option<DateView>,
}

impl AccessibilityConfig {
    /// The day the statement's next review is due: `review_due`, else a year after
    /// `reviewed` (or `prepared`).
    pub fn review_due_date(&self) -> Option<Date> {
        if let Some(due) = &self.review_due {
            return parse_date(due);
        }
        let last = self.reviewed.as_deref().or(self.prepared.as_deref())?;
        parse_date(last)?.after(REVIEW_EVERY)
    }

    /// The statement of the site `applies_to` (its address or title) as templates
    /// see it, its dates written with `words`.
    pub fn view(&self, applies_to: &str, words: &DateWords) -> StatementView {
        let day = |d: &Option<String>| d.as_deref().and_then(parse_date).map(|d| d.view(words));
        StatementView {
            applies_to: applies_to.to_owned(),
            organisation: self.organisation.clone().unwrap_or_default(),
            compliance: self.compliance.unwrap_or(Compliance::Partial),
            email: self.email.clone(),
            phone: self.phone.clone(),
            form: self.form.clone(),
            reply_days: self.reply_days.unwrap_or_default().to_string(),
            issues: self
                .issues
                .iter()
                .map(|i| IssueView {
                    text: i.text.clone(),
                    criterion: i.criterion.clone(),
                    fix_by: day(&i.fix_by),
                })
                .collect(),
            disproportionate_burden: self.disproportionate_burden.clone(),
            out_of_scope: self.out_of_scope.clone(),
            improvements: self.improvements.clone(),
            tested: day(&self.tested),
            tested_by: self.tested_by.clone().unwrap_or_default(),
            test_method: self.test_method.clone().unwrap_or_default(),
            prepared: day(&self.prepared),
            reviewed: day(&self.reviewed),
            review_due: self.review_due_date().map(|d| d.view(words)),
            northern_ireland: self.northern_ireland,
        }
    }
}

/// How many parts a statement must have (the contact counts once).
const REQUIRED_PARTS: usize = 8;

/// A required part that is missing: its key, what it is, and an example line.
fn missing_parts(a: &AccessibilityConfig) -> Vec<(&'static str, &'static str)> {
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    let mut missing = Vec::new();
    if blank(&a.organisation) {
        missing.push(("organisation", "organisation: Example Borough Council"));
    }
    if a.compliance.is_none() {
        missing.push(("compliance", "compliance: partial   # or full, or none"));
    }
    if blank(&a.email) && blank(&a.phone) && blank(&a.form) {
        missing.push(("email", "email: accessibility@example.gov.uk"));
    }
    if a.reply_days.is_none() {
        missing.push(("reply_days", "reply_days: 10"));
    }
    if blank(&a.tested) {
        missing.push(("tested", "tested: 2026-11-20"));
    }
    if blank(&a.tested_by) {
        missing.push(("tested_by", "tested_by: our digital team"));
    }
    if blank(&a.test_method) {
        missing.push((
            "test_method",
            "test_method: We tested a sample of pages with a screen reader and by keyboard.",
        ));
    }
    if blank(&a.prepared) {
        missing.push(("prepared", "prepared: 2026-11-20"));
    }
    missing
}

impl Config {
    /// `accessibility:` must hold every part the model statement requires, with dates
    /// that are dates; records where its review date is written.
    pub(super) fn check_accessibility(&mut self, errors: &mut ConfigErrors) {
        let Some(a) = &mut self.accessibility else {
            return;
        };
        let missing = missing_parts(a);
        if missing.len() == REQUIRED_PARTS && a.issues.is_empty() {
            errors.report(
                "accessibility",
                "the accessibility statement under `accessibility:` has none of its parts".into(),
                "add, indented under `accessibility:`, `organisation`, `compliance`, `email` (or `phone` or `form`), `reply_days`, `tested`, `tested_by`, `test_method` and `prepared` (the README has an example)",
            );
            return;
        }
        for (key, example) in missing {
            errors.report(
                "accessibility",
                format!("the accessibility statement has no `{key}`, which the regulations' model statement requires"),
                &format!("add `{example}` under `accessibility:`"),
            );
        }
        if a.compliance.is_some_and(|c| c != Compliance::Full) && a.issues.is_empty() {
            errors.report(
                "accessibility.compliance",
                "a site that is not fully compliant must list what is not accessible".into(),
                "add `issues:` under `accessibility:`, each `- text: …` with its `criterion:` (e.g. `1.1.1 Non-text content`), or set `compliance: full` if nothing fails",
            );
        }
        if a.issues.iter().any(|i| i.text.trim().is_empty()) {
            errors.report(
                "accessibility.issues",
                "a known issue has no `text` saying what is not accessible".into(),
                "give each issue `- text: …` in plain words",
            );
        }
        check_dates(a, errors);
        errors.require_web_address("accessibility.form", a.form.as_deref());
        if let Some(email) = &a.email
            && (!email.contains('@') || email.contains(char::is_whitespace))
        {
            errors.report(
                "accessibility.email",
                format!("`{email}` is not an email address"),
                "write the address in full, e.g. `email: accessibility@example.gov.uk`",
            );
        }
        let key = ["review_due", "reviewed", "prepared"]
            .into_iter()
            .find(|k| date_field(a, k).is_some())
            .unwrap_or("prepared");
        a.review_at = super::locate_path(errors.source, &format!("accessibility.{key}"));
    }
}

/// The value of the date key `key` of `a`.
fn date_field<'a>(a: &'a AccessibilityConfig, key: &str) -> Option<&'a str> {
    match key {
        "tested" => a.tested.as_deref(),
        "prepared" => a.prepared.as_deref(),
        "reviewed" => a.reviewed.as_deref(),
        "review_due" => a.review_due.as_deref(),
        _ => None,
    }
}

/// Every date of the statement must be a day placebook reads.
fn check_dates(a: &AccessibilityConfig, errors: &mut ConfigErrors) {
    let fix_by = a.issues.iter().filter_map(|i| i.fix_by.as_deref());
    let dated = ["tested", "prepared", "reviewed", "review_due"]
        .into_iter()
        .filter_map(|k| date_field(a, k).map(|v| (k, v)))
        .chain(fix_by.map(|v| ("issues", v)));
    for (key, value) in dated {
        if parse_date(value).is_none() {
            errors.report(
                &format!("accessibility.{key}"),
                format!("`{value}` is not a date"),
                "write the day as YYYY-MM-DD, e.g. 2026-11-20",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement() -> AccessibilityConfig {
        AccessibilityConfig {
            prepared: Some("2025-03-01".into()),
            ..AccessibilityConfig::default()
        }
    }

    #[test]
    fn the_review_falls_due_a_year_after_the_last_one() {
        let mut a = statement();
        assert_eq!(a.review_due_date(), parse_date("2026-03-01"));
        a.reviewed = Some("2026-02-29".into());
        assert_eq!(a.review_due_date(), None, "2026-02-29 is not a day");
        a.reviewed = Some("2024-02-29".into());
        assert_eq!(a.review_due_date(), parse_date("2025-02-28"));
        a.review_due = Some("2025-09-01".into());
        assert_eq!(a.review_due_date(), parse_date("2025-09-01"));
    }

    #[test]
    fn every_required_part_is_named_when_missing() {
        let keys: Vec<_> = missing_parts(&AccessibilityConfig::default())
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys.len(), REQUIRED_PARTS);
        assert_eq!(
            keys,
            [
                "organisation",
                "compliance",
                "email",
                "reply_days",
                "tested",
                "tested_by",
                "test_method",
                "prepared"
            ]
        );
        for (key, example) in missing_parts(&AccessibilityConfig::default()) {
            assert!(ACCESSIBILITY_KEYS.contains(&key));
            assert!(example.starts_with(&format!("{key}:")), "{example}");
        }
    }
}
