use super::*;

fn input() -> ReportInput {
    ReportInput {
        listing_kind: Some("meeting".into()),
        listing_id: Some("0192f1c4-8f3a-7cc0-9b1e-2b3c4d5e6f70".into()),
        reason: Some("wrong_time".into()),
        message: Some("  It starts at 7:30 now.  ".into()),
        contact_email: Some(" me@example.org ".into()),
    }
}

fn fields(e: ValidationErrors) -> Vec<String> {
    e.0.into_iter().map(|f| f.field).collect()
}

#[test]
fn a_good_report_is_trimmed() {
    let report = validate_report(input()).unwrap();
    assert_eq!(report.reason, ReportReason::WrongTime);
    assert_eq!(report.message, "It starts at 7:30 now.");
    assert_eq!(report.contact_email.as_deref(), Some("me@example.org"));
}

#[test]
fn each_bad_field_is_named() {
    let bad = ReportInput {
        listing_kind: Some("agency".into()),
        listing_id: Some("42".into()),
        reason: Some("rude".into()),
        message: Some("x".repeat(MAX_REPORT_TEXT_LEN + 1)),
        contact_email: Some("not-an-email".into()),
    };
    assert_eq!(
        fields(validate_report(bad).unwrap_err()),
        ["listing_kind", "listing_id", "reason", "message", "contact_email"]
    );
    assert_eq!(
        fields(validate_report(ReportInput::default()).unwrap_err()),
        ["listing_kind", "listing_id", "reason", "message"]
    );
    let blank = ReportInput { message: Some(" \n ".into()), ..input() };
    assert_eq!(fields(validate_report(blank).unwrap_err()), ["message"]);
    let control = ReportInput { message: Some("a\u{0}b".into()), ..input() };
    assert_eq!(fields(validate_report(control).unwrap_err()), ["message"]);
}

#[test]
fn the_longest_message_is_accepted() {
    let long = ReportInput { message: Some("é".repeat(MAX_REPORT_TEXT_LEN)), ..input() };
    assert!(validate_report(long).is_ok());
}

#[test]
fn closing_needs_resolved_or_dismissed() {
    let resolve = ReportUpdateInput { status: Some("resolved".into()), note: None, change_seq: Some(3) };
    assert_eq!(validate_report_update(resolve).unwrap().change_seq, Some(3));
    for (input, field) in [
        (ReportUpdateInput::default(), "status"),
        (ReportUpdateInput { status: Some("open".into()), ..Default::default() }, "status"),
        (ReportUpdateInput { status: Some("dismissed".into()), change_seq: Some(3), note: None }, "change_seq"),
        (ReportUpdateInput { status: Some("resolved".into()), change_seq: Some(0), note: None }, "change_seq"),
    ] {
        assert_eq!(fields(validate_report_update(input).unwrap_err()), [field]);
    }
}
