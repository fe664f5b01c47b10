//! The problem-report form as a detail page shows it: empty, or as posted with its messages.

use recovery_domain::{ListingKind, ReportReason};
use uuid::Uuid;

use super::i18n::Lang;
use super::search::Choice;

/// The report form's state on a detail page.
#[derive(Debug, Clone)]
pub struct ReportForm {
    /// `meeting` or `service`.
    pub listing_kind: &'static str,
    /// The listing's id.
    pub listing_id: String,
    /// The reasons, one chosen.
    pub reasons: Vec<Choice>,
    /// The message as typed.
    pub message: String,
    /// The email as typed.
    pub contact_email: String,
    /// What went wrong, for people.
    pub errors: Vec<String>,
}

impl ReportForm {
    /// An empty form for a listing.
    pub fn new(kind: ListingKind, id: Uuid, lang: Lang) -> ReportForm {
        ReportForm {
            listing_kind: kind_name(kind),
            listing_id: id.to_string(),
            reasons: reasons(lang, ""),
            message: String::new(),
            contact_email: String::new(),
            errors: Vec::new(),
        }
    }
}

/// The form's name for a kind of listing.
pub(crate) fn kind_name(kind: ListingKind) -> &'static str {
    match kind {
        ListingKind::Meeting => "meeting",
        ListingKind::Service => "service",
    }
}

/// The reasons to choose from, `chosen` selected.
pub(crate) fn reasons(lang: Lang, chosen: &str) -> Vec<Choice> {
    let t = lang.t();
    ReportReason::ALL
        .iter()
        .map(|r| {
            let label = match r {
                ReportReason::WrongTime => t.reason_wrong_time,
                ReportReason::WrongAddress => t.reason_wrong_address,
                ReportReason::Closed => t.reason_closed,
                ReportReason::OnlineLinkBroken => t.reason_online_link_broken,
                ReportReason::Other => t.reason_other,
            };
            Choice { value: r.as_str().into(), label: label.into(), selected: r.as_str() == chosen }
        })
        .collect()
}
