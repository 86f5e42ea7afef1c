//! Edits to a playbook in several languages. Each language is its own site, so a page
//! edit goes to its language's site and is handled as in a playbook of one language;
//! the other sites see only the files each page is written to (the switch, the
//! `hreflang` links), which such an edit does not move, and the translation checks,
//! which are run again. Templates and static files, which every language shares, and
//! an edit that adds or drops a file (a new tag's page) load everything again.

use super::{Changes, Edited, Update, Workspace};
use crate::build::ReadySite;
use crate::content::translations::BlockNames;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::languages::check_translations;

/// The codes of the translation checks, which any page's edit may change.
const TRANSLATION_CODES: &[&str] = &["missing-translation", "translation-out-of-date"];

/// A page edit's result, `None` when everything must be loaded again.
type PageEdited = Result<(ReadySite, Option<Update>), (ReadySite, Diagnostics)>;

impl Workspace {
    /// [`Workspace::edit`] for a playbook in several languages (see the module docs).
    pub(super) fn edit_languages(&mut self, ready: ReadySite, changes: &Changes) -> Edited {
        if !changes.templates.is_empty() || changes.statics {
            return self.reload().map_err(|e| (ready, e));
        }
        let mut ready = ready;
        let mut update = Update::default();
        for page in &changes.pages {
            let language = ready.site.config.language_of_path(page);
            match self.language_page_changed(ready, language, page)? {
                (next, Some(u)) => {
                    ready = next;
                    update.absorb(u);
                }
                (old, None) => return self.reload().map_err(|e| (old, e)),
            }
        }
        Ok((ready, update))
    }

    /// Page `content_path` of language `language`'s site changed.
    fn language_page_changed(
        &mut self,
        ready: ReadySite,
        language: usize,
        content_path: &str,
    ) -> PageEdited {
        let (ready, update) = match language {
            0 => self.page_changed(ready, content_path, &BlockNames::default())?,
            i => self.translation_changed(ready, i - 1, content_path)?,
        };
        match update {
            Some(u) if !files_moved(&ready, language) => {
                Ok((with_translation_checks(ready), Some(u)))
            }
            _ => Ok((ready, None)),
        }
    }

    /// Page `content_path` of translation `t` (of [`ReadySite::translations`]) changed.
    /// The warnings, which the first site holds for all, go with it for the edit.
    fn translation_changed(
        &mut self,
        mut ready: ReadySite,
        t: usize,
        content_path: &str,
    ) -> PageEdited {
        if t >= ready.translations.len() {
            return Ok((ready, None));
        }
        let names = BlockNames::new(
            ready.site.pages.iter().map(|p| &p.doc),
            ready.translations[t].site.pages.iter().map(|p| &p.doc),
            &ready.site.config,
        );
        let mut sub = ready.translations.remove(t);
        sub.diagnostics = std::mem::take(&mut ready.diagnostics);
        let (mut sub, outcome) = match self.page_changed(sub, content_path, &names) {
            Ok((sub, update)) => (sub, Ok(update)),
            Err((sub, e)) => (sub, Err(e)),
        };
        ready.diagnostics = std::mem::take(&mut sub.diagnostics);
        ready.translations.insert(t, sub);
        match outcome {
            Ok(update) => Ok((ready, update)),
            Err(e) => Err((ready, e)),
        }
    }
}

/// Whether the files language `language`'s site renders are no longer those the other
/// languages know of (see [`crate::model::languages::LanguageSite::paths`]).
fn files_moved(ready: &ReadySite, language: usize) -> bool {
    let (Some(own), Some(known)) = (
        ready.sites().nth(language),
        ready.languages.sites.get(language),
    ) else {
        return true;
    };
    let (jobs, _) = crate::plan::jobs(&own.site);
    jobs.len() != known.paths.len()
        || jobs
            .iter()
            .any(|j| !known.paths.contains(&j.output_path(&own.site)))
}

/// `ready` with the translation checks run again over every language's site, in place
/// of their earlier findings.
fn with_translation_checks(mut ready: ReadySite) -> ReadySite {
    let sites: Vec<&Site> = ready.sites().map(|r| &r.site).collect();
    let found = check_translations(&sites);
    let kept = ready
        .diagnostics
        .iter()
        .filter(|d| !TRANSLATION_CODES.contains(&d.code))
        .cloned();
    let all: Vec<Diagnostic> = kept.chain(found).collect();
    ready.diagnostics = Diagnostics::from(all);
    ready
}
