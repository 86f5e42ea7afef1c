//! Pages whose review is overdue, and (with `review_every` in placebook.yaml) pages
//! with no review date at all, so a team can run `check` each month and see what to
//! look at again.

use crate::dates::{Date, DateWords};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;

/// A warning for every page whose next review is before `today`, and, when the site
/// sets `review_every`, for every page with neither `reviewed` nor `review_due`.
pub fn check(site: &Site, today: Date) -> Diagnostics {
    let every = site.config.review_period();
    let words = DateWords::default();
    let mut diags = Diagnostics::new();
    for page in &site.pages {
        let doc = &page.doc;
        match page.review_due(every) {
            Some(due) if due.iso_date() < today.iso_date() => {
                let key = if doc.front.review_due.is_some() {
                    "review_due"
                } else {
                    "reviewed"
                };
                let d = Diagnostic::warning(
                    "review-overdue",
                    format!(
                        "the review of `{}` was due on {}",
                        page.title,
                        due.display(&words)
                    ),
                )
                .suggest("check the page is still right, then set `reviewed:` to the day you did (and `review_due:` to the next one, unless review_every sets it)");
                diags.push(super::at_key(doc, key, d));
            }
            None if every.is_some() && page.reviewed().is_none() => {
                let d = Diagnostic::warning(
                    "review-missing",
                    format!("`{}` has no review date", page.title),
                )
                .suggest("once someone has checked the page is still right, add `reviewed: YYYY-MM-DD` with that day");
                diags.push(super::at_key(doc, "title", d));
            }
            _ => {}
        }
    }
    diags
}

/// A warning when the accessibility statement's review (`accessibility:` in
/// placebook.yaml, under `root`) was due before `today`, at the line that dates it.
pub fn statement(
    config: &crate::config::Config,
    root: &std::path::Path,
    today: Date,
) -> Option<Diagnostic> {
    let a = config.accessibility.as_ref()?;
    let due = a.review_due_date()?;
    if due.iso_date() >= today.iso_date() {
        return None;
    }
    let d = Diagnostic::warning(
        "statement-review-overdue",
        format!(
            "the accessibility statement's review was due on {}",
            due.display(&DateWords::default())
        ),
    )
    .suggest("check the statement is still true (test the site again if it changed), then set `reviewed:` under `accessibility:` to the day you did");
    let file = crate::config::CONFIG_FILE;
    let text = std::fs::read_to_string(root.join(file)).ok();
    Some(match (a.review_at, text) {
        (Some(pos), Some(text)) => {
            let source = crate::diagnostic::SourceText::new(text.replace("\r\n", "\n"));
            d.at(file, &source, pos)
        }
        _ => d.in_file(file),
    })
}
