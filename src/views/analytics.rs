//! What pages get of `analytics:`: the service's own script for every page's head, as
//! its documentation gives it, and the host the privacy page names.

use crate::config::analytics::{AnalyticsConfig, Service};
use crate::markdown::escape;
use serde::Serialize;

/// What templates see of `analytics:` (`site.analytics`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AnalyticsView {
    /// `plausible`, `goatcounter` or `matomo`.
    pub service: &'static str,
    /// The host that gets the counts, as the privacy page names it.
    pub host: String,
    /// The `<script>` elements for every page's head.
    pub head: String,
}

/// The script's address and where counts go (the same for Plausible).
fn addresses(a: &AnalyticsConfig) -> (String, String) {
    let or = |v: &Option<String>, default: String| v.clone().unwrap_or(default);
    match a.service {
        Service::Plausible => {
            let script = or(&a.script, "https://plausible.io/js/script.js".into());
            (script.clone(), script)
        }
        Service::Goatcounter => {
            let code = a.code.as_deref().unwrap_or_default();
            (
                or(&a.script, "https://gc.zgo.at/count.js".into()),
                or(&a.endpoint, format!("https://{code}.goatcounter.com/count")),
            )
        }
        Service::Matomo => {
            let url = a.url.as_deref().unwrap_or_default();
            let url = url.strip_suffix('/').unwrap_or(url);
            (format!("{url}/matomo.js"), format!("{url}/matomo.php"))
        }
    }
}

/// The service, its host, and the head's script elements for `a`.
pub fn view(a: &AnalyticsConfig) -> AnalyticsView {
    let (script, endpoint) = addresses(a);
    let head = match a.service {
        Service::Plausible => format!(
            "<script defer data-domain=\"{}\" src=\"{}\"></script>",
            escape(a.domain.as_deref().unwrap_or_default()),
            escape(&script)
        ),
        Service::Goatcounter => format!(
            "<script data-goatcounter=\"{}\" async src=\"{}\"></script>",
            escape(&endpoint),
            escape(&script)
        ),
        Service::Matomo => format!(
            "<script>var _paq = window._paq = window._paq || [];\n_paq.push(['disableCookies']);\n_paq.push(['trackPageView']);\n_paq.push(['enableLinkTracking']);\n_paq.push(['setTrackerUrl', {}]);\n_paq.push(['setSiteId', '{}']);</script>\n<script async src=\"{}\"></script>",
            super::script_json(&serde_json::Value::String(endpoint.clone())),
            a.site_id.unwrap_or_default(),
            escape(&script)
        ),
    };
    AnalyticsView {
        service: a.service.key(),
        host: host_of(&endpoint).unwrap_or_default().to_owned(),
        head,
    }
}

/// The host of an `https://host/…` address.
fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::analytics::AnalyticsConfig;

    #[test]
    fn plausible_counts_for_its_domain() {
        let mut c = AnalyticsConfig::new(Service::Plausible);
        c.domain = Some("pb.example.gov.uk".into());
        let v = view(&c);
        assert_eq!(
            v.head,
            "<script defer data-domain=\"pb.example.gov.uk\" src=\"https://plausible.io/js/script.js\"></script>"
        );
        assert_eq!(v.host, "plausible.io");
    }

    #[test]
    fn goatcounter_sends_to_the_sites_code() {
        let mut c = AnalyticsConfig::new(Service::Goatcounter);
        c.code = Some("ourplace".into());
        let v = view(&c);
        assert_eq!(
            v.head,
            "<script data-goatcounter=\"https://ourplace.goatcounter.com/count\" async src=\"https://gc.zgo.at/count.js\"></script>"
        );
        assert_eq!(v.host, "ourplace.goatcounter.com");
    }

    #[test]
    fn matomo_turns_cookies_off_and_cannot_be_broken_out_of() {
        let mut c = AnalyticsConfig::new(Service::Matomo);
        c.url = Some("https://m.example/</script><b>".into());
        c.site_id = Some(3);
        let v = view(&c);
        assert!(v.head.contains("_paq.push(['disableCookies']);"));
        assert!(v.head.contains("_paq.push(['setSiteId', '3']);"));
        assert_eq!(v.head.matches("</script>").count(), 2, "{}", v.head);
        assert_eq!(v.host, "m.example");
    }

    proptest::proptest! {
        /// Whatever placebook.yaml holds, the snippet stays the service's elements: no
        /// value can end its attribute, its element or its script.
        #[test]
        fn no_setting_breaks_out_of_the_snippet(value in "\\PC{0,30}", service in 0..3usize) {
            let mut c = AnalyticsConfig::new([Service::Plausible, Service::Goatcounter, Service::Matomo][service]);
            c.domain = Some(value.clone());
            c.code = Some(value.clone());
            c.url = Some(format!("https://{value}"));
            c.script = Some(format!("https://{value}"));
            c.site_id = Some(1);
            let head = view(&c).head;
            let scripts = if service == 2 { 2 } else { 1 };
            proptest::prop_assert_eq!(head.matches("<script").count(), scripts);
            proptest::prop_assert_eq!(head.matches("</script>").count(), scripts);
            // The element that loads the script: its attribute values end where they should.
            let element = &head[head.rfind("<script").unwrap_or(0)..];
            proptest::prop_assert_eq!(element.matches('"').count() % 2, 0, "{}", element);
            proptest::prop_assert!(!head.contains('<') || head.matches('<').count() == 2 * scripts, "{}", head);
        }
    }
}
