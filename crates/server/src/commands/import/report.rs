//! A run report as the command line prints it: one summary line an operator (or a script)
//! can read at a glance, then every record that needs a person's attention.

use std::fmt::Write;

use recovery_domain::source::{ImportRun, RunItem, RunStatus};

/// `added N, updated N, unchanged N, archived N, rejected N, conflicts N, flagged N`.
pub fn summary(run: &ImportRun) -> String {
    let c = &run.counts;
    format!(
        "added {}, updated {}, unchanged {}, archived {}, rejected {}, conflicts {}, flagged {}",
        c.added, c.updated, c.unchanged, c.archived, c.rejected, c.conflicts, c.flagged
    )
}

/// `#position key: reason`, leaving out what the item does not have.
fn line(item: &RunItem) -> String {
    let mut label = Vec::new();
    if let Some(position) = item.position {
        label.push(format!("#{position}"));
    }
    label.extend(item.key.clone());
    match label.is_empty() {
        true => format!("  {}", item.reason),
        false => format!("  {}: {}", label.join(" "), item.reason),
    }
}

/// The whole report: the summary, then rejections, conflicts, flagged listings and warnings,
/// then how the run ended.
pub fn render(run: &ImportRun) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", summary(run));
    let sections: [(&str, &[RunItem]); 4] = [
        ("rejected", &run.rejected),
        ("conflicts (the local edit was kept)", &run.conflicts),
        ("flagged for staff", &run.flagged),
        ("warnings", &run.warnings),
    ];
    for (title, items) in sections {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{title}:");
        for item in items {
            let _ = writeln!(out, "{}", line(item));
        }
    }
    let status = match run.status {
        RunStatus::Succeeded => "succeeded",
        RunStatus::Failed => "FAILED",
    };
    let _ = writeln!(
        out,
        "run {} {status}: {} {} records from {}",
        run.id,
        run.kind.as_str(),
        run.counts.source_records,
        run.origin
    );
    if run.dry_run {
        let _ = writeln!(out, "dry run: nothing was written");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(position: Option<u64>, key: Option<&str>, reason: &str) -> RunItem {
        RunItem { position, key: key.map(str::to_string), listing_id: None, reason: reason.into() }
    }

    #[test]
    fn items_show_what_they_have() {
        assert_eq!(line(&item(Some(3), Some("abc"), "no name")), "  #3 abc: no name");
        assert_eq!(line(&item(Some(3), None, "no name")), "  #3: no name");
        assert_eq!(line(&item(None, None, "kept")), "  kept");
    }
}
