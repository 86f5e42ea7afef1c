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
