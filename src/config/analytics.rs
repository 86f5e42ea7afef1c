//! Counting visits, off unless `analytics:` is set in placebook.yaml: one cookie-free
//! service (Plausible, GoatCounter, or Matomo with its cookies turned off), its
//! settings and their checks. The script each page gets is written by
//! [`crate::views::analytics`]; without `analytics:` no page loads anything from
//! another host.

use super::{Config, ConfigErrors};
use serde::{Deserialize, Serialize};

/// The services placebook writes a snippet for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// Plausible Analytics (plausible.io or self-hosted).
    Plausible,
    /// GoatCounter (goatcounter.com or self-hosted).
    Goatcounter,
    /// Matomo (self-hosted or Matomo Cloud), with cookies turned off.
    Matomo,
}

impl Service {
    /// The name written in placebook.yaml, and the key of the theme's words about it.
    pub fn key(self) -> &'static str {
        match self {
            Service::Plausible => "plausible",
            Service::Goatcounter => "goatcounter",
            Service::Matomo => "matomo",
        }
    }
}

/// The `analytics:` section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyticsConfig {
    /// Which service counts visits.
    pub service: Service,
    /// Plausible: the site's domain as registered there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// GoatCounter: the site's code (`code.goatcounter.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Matomo: the address of the Matomo server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Matomo: the site's id there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_id: Option<u32>,
    /// The script's address, for a self-hosted Plausible or GoatCounter (Plausible:
    /// `https://plausible.io/js/script.js`; GoatCounter: `https://gc.zgo.at/count.js`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// GoatCounter: where counts go, for a self-hosted one (defaults to
    /// `https://code.goatcounter.com/count`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
}

/// The keys of `analytics:`.
pub const ANALYTICS_KEYS: &[&str] = &[
    "service", "domain", "code", "url", "site_id", "script", "endpoint",
];

impl AnalyticsConfig {
    /// `service` with nothing else set.
    pub fn new(service: Service) -> Self {
        AnalyticsConfig {
            service,
            domain: None,
            code: None,
            url: None,
            site_id: None,
            script: None,
            endpoint: None,
        }
    }
}

impl Config {
    /// Each service needs what identifies the site there, and addresses must be web
    /// addresses.
    pub(super) fn check_analytics(&self, errors: &mut ConfigErrors) {
        let Some(a) = &self.analytics else { return };
        let needs = match a.service {
            Service::Plausible if a.domain.is_none() => Some((
                "analytics.service",
                "Plausible needs `domain`, the site's domain as registered there",
                "add `domain: playbook.example.gov.uk` under `analytics:`",
            )),
            Service::Goatcounter if a.code.is_none() && a.endpoint.is_none() => Some((
                "analytics.service",
                "GoatCounter needs the site's code",
                "add `code: yourcode` under `analytics:` (the part before .goatcounter.com)",
            )),
            Service::Matomo if a.url.is_none() || a.site_id.is_none() => Some((
                "analytics.service",
                "Matomo needs its server's address and the site's id there",
                "add `url: https://matomo.example.gov.uk/` and `site_id: 1` under `analytics:`",
            )),
            _ => None,
        };
        if let Some((key, message, fix)) = needs {
            errors.report(key, message.into(), fix);
        }
        errors.require_web_address("analytics.url", a.url.as_deref());
        errors.require_web_address("analytics.script", a.script.as_deref());
        errors.require_web_address("analytics.endpoint", a.endpoint.as_deref());
    }
}
