//! "Is this page useful? Yes / No" at the foot of every page (`feedback:` in
//! placebook.yaml): plain links to an email address or a form service, and optionally
//! a "Report a problem" link to an issue tracker. Nothing is loaded from another host
//! until a reader follows one.

use super::{Config, ConfigErrors};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};

/// Where readers' answers go (`feedback:` in placebook.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FeedbackConfig {
    /// An address that gets an email per answer, its subject saying the page and the
    /// answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A form service's address with `{url}`, `{title}` and `{answer}` (`yes` or `no`)
    /// where the page and the answer go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// An issue tracker's address for "Report a problem with this page", with `{url}`
    /// and `{title}` where the page goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// The keys of `feedback:`.
pub const FEEDBACK_KEYS: &[&str] = &["email", "form", "problem"];

/// The words an email's subject is made of, from the theme's strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackWords {
    /// "Is this page useful?"
    pub question: String,
    /// "Yes"
    pub yes: String,
    /// "No"
    pub no: String,
}

impl Default for FeedbackWords {
    fn default() -> Self {
        FeedbackWords {
            question: "Is this page useful?".into(),
            yes: "Yes".into(),
            no: "No".into(),
        }
    }
}

/// One page's feedback links, as templates see them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FeedbackLinks {
    /// Where "Yes" goes, when answers are collected.
    pub yes: Option<String>,
    /// Where "No" goes, when answers are collected.
    pub no: Option<String>,
    /// Where "Report a problem with this page" goes, when set.
    pub problem: Option<String>,
}

/// What a query value keeps unencoded: letters, digits and `-._~` (RFC 3986's
/// unreserved characters).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

impl FeedbackConfig {
    /// The links of the page titled `title` at `address` (its full address when the
    /// site has a `base_url`, else its path in the site).
    pub fn links(&self, title: &str, address: &str, words: &FeedbackWords) -> FeedbackLinks {
        let fill = |template: &str, answer: &str| {
            template
                .replace("{url}", &encode(address))
                .replace("{title}", &encode(title))
                .replace("{answer}", answer)
        };
        let answer = |word: &str, code: &str| match (&self.email, &self.form) {
            (Some(email), _) => {
                let subject = format!("{} {word} – {title}", words.question);
                Some(format!(
                    "mailto:{email}?subject={}&body={}",
                    encode(&subject),
                    encode(address)
                ))
            }
            (None, Some(form)) => Some(fill(form, code)),
            (None, None) => None,
        };
        FeedbackLinks {
            yes: answer(&words.yes, "yes"),
            no: answer(&words.no, "no"),
            problem: self.problem.as_deref().map(|p| fill(p, "")),
        }
    }
}

impl Config {
    /// `feedback:` needs somewhere to send answers: an email address or one form, and
    /// web addresses for the form and the issue tracker.
    pub(super) fn check_feedback(&self, errors: &mut ConfigErrors) {
        let Some(f) = &self.feedback else { return };
        if f.email.is_none() && f.form.is_none() && f.problem.is_none() {
            errors.report(
                "feedback",
                "`feedback:` says nowhere to send readers' answers".into(),
                "add `email: team@example.org`, or `form:` with a form's address",
            );
        }
        if f.email.is_some() && f.form.is_some() {
            errors.report(
                "feedback.form",
                "`feedback:` has both `email` and `form`; answers can go to only one".into(),
                "keep one of them",
            );
        }
        if let Some(email) = &f.email
            && (!email.contains('@') || email.contains(char::is_whitespace))
        {
            errors.report(
                "feedback.email",
                format!("`{email}` is not an email address"),
                "write the address in full, e.g. `email: playbook@example.gov.uk`",
            );
        }
        errors.require_web_address("feedback.form", f.form.as_deref());
        errors.require_web_address("feedback.problem", f.problem.as_deref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_gets_the_page_and_the_answer_in_its_subject() {
        let f = FeedbackConfig {
            email: Some("pb@example.gov.uk".into()),
            ..FeedbackConfig::default()
        };
        let links = f.links(
            "Pooled budgets & trust",
            "https://x.org/a/",
            &FeedbackWords::default(),
        );
        assert_eq!(
            links.yes.as_deref(),
            Some(
                "mailto:pb@example.gov.uk?subject=Is%20this%20page%20useful%3F%20Yes%20%E2%80%93%20Pooled%20budgets%20%26%20trust&body=https%3A%2F%2Fx.org%2Fa%2F"
            )
        );
        assert!(links.no.unwrap().contains("useful%3F%20No%20"));
        assert_eq!(links.problem, None);
    }

    proptest::proptest! {
        /// Whatever a title holds (quotes, `&`, `#`, line breaks, Welsh letters), the
        /// form's address gets it whole and encoded: nothing in it can end the query
        /// value or the HTML attribute, and decoding gives the title back.
        #[test]
        fn any_title_reaches_the_form_whole(title in "\\PC{0,40}", address in "[a-z/-]{0,20}") {
            let f = FeedbackConfig {
                form: Some("https://forms.example/r?t={title}&page={url}&a={answer}".into()),
                ..FeedbackConfig::default()
            };
            let yes = f.links(&title, &address, &FeedbackWords::default()).yes.unwrap();
            let query = yes.strip_prefix("https://forms.example/r?t=").unwrap();
            let (encoded, rest) = query.split_once("&page=").unwrap();
            proptest::prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
            let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8().unwrap();
            proptest::prop_assert_eq!(decoded.as_ref(), title.as_str());
            proptest::prop_assert!(rest.ends_with("&a=yes"));
        }
    }
}
