//! A strict reader of the Prometheus text exposition format, so tests can check that
//! `/metrics` is something a scraper accepts, and then read values out of it.
//!
//! Strict where scrapers are, and about what dashboards rely on: every sample belongs to a
//! family declared by a `# TYPE` line before it (samples of a family together), sample names
//! carry their type's suffix (`_total` for counters; `_bucket`, `_sum`, `_count` for
//! histograms), names and label names are well formed, label values are quoted with only the
//! `\\`, `\"` and `\n` escapes, values are numbers, no sample is repeated, and histogram
//! buckets are cumulative up to a `+Inf` bucket equal to `_count`. A final `# EOF` (OpenMetrics)
//! is accepted.

use std::collections::{BTreeMap, HashSet};

/// One metric family: its `# TYPE`, `# HELP` and samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// The family name from `# TYPE` (a counter's samples add `_total`).
    pub name: String,
    /// `counter`, `gauge`, `histogram`, `summary`, `untyped`, …
    pub kind: String,
    /// The `# HELP` text, if any.
    pub help: Option<String>,
    /// The samples, in order.
    pub samples: Vec<Sample>,
}

/// One sample line.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The sample's full name (`…_total`, `…_bucket`, …).
    pub name: String,
    /// Its labels.
    pub labels: BTreeMap<String, String>,
    /// Its value.
    pub value: f64,
}

impl Sample {
    /// The value of label `name`, if present.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels.get(name).map(String::as_str)
    }
}

/// A parsed exposition.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Exposition {
    /// The families, in order.
    pub families: Vec<Family>,
}

impl Exposition {
    /// The family named `name` (the `# TYPE` name).
    pub fn family(&self, name: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.name == name)
    }

    /// Every sample.
    pub fn samples(&self) -> impl Iterator<Item = &Sample> {
        self.families.iter().flat_map(|f| f.samples.iter())
    }

    /// The samples named `name`.
    pub fn samples_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Sample> + 'a {
        self.samples().filter(move |s| s.name == name)
    }

    /// The value of the sample named `name` with exactly the labels `labels`.
    pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        let wanted: BTreeMap<String, String> = labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.samples_named(name).find(|s| s.labels == wanted).map(|s| s.value)
    }
}

/// Parses `text`, or says which line breaks which rule.
pub fn parse(text: &str) -> Result<Exposition, String> {
    let mut out = Exposition::default();
    let mut declared: HashSet<String> = HashSet::new();
    let mut helped: HashSet<String> = HashSet::new();
    let mut seen: HashSet<(String, BTreeMap<String, String>)> = HashSet::new();
    let mut pending_help: Option<(String, String)> = None;
    let mut eof = false;
    for (i, line) in text.lines().enumerate() {
        let at = |why: String| format!("line {}: {why}: `{line}`", i + 1);
        if eof {
            return Err(at("content after `# EOF`".into()));
        }
        if line.is_empty() {
            continue;
        }
        if line == "# EOF" {
            eof = true;
            continue;
        }
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let (name, help) = rest.split_once(' ').unwrap_or((rest, ""));
            check_metric_name(name).map_err(at)?;
            if !helped.insert(name.to_string()) {
                return Err(at(format!("a second HELP for {name}")));
            }
            match out.families.last_mut() {
                Some(family) if family.name == name && family.samples.is_empty() => family.help = Some(help.into()),
                _ => pending_help = Some((name.to_string(), help.to_string())),
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').ok_or_else(|| at("a TYPE without a type".into()))?;
            check_metric_name(name).map_err(at)?;
            let known = ["counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset"];
            if !known.contains(&kind) {
                return Err(at(format!("unknown type `{kind}`")));
            }
            if !declared.insert(name.to_string()) {
                return Err(at(format!("a second TYPE for {name}")));
            }
            let help = match pending_help.take() {
                Some((help_name, help)) if help_name == name => Some(help),
                Some((help_name, _)) => return Err(at(format!("HELP for {help_name} is not followed by its TYPE"))),
                None => None,
            };
            out.families.push(Family { name: name.into(), kind: kind.into(), help, samples: Vec::new() });
            continue;
        }
        if line.starts_with('#') {
            continue; // a comment
        }
        let sample = parse_sample(line).map_err(at)?;
        let family =
            out.families.last_mut().filter(|f| family_of(&sample.name, &f.name, &f.kind)).ok_or_else(|| {
                at(format!("sample {} does not belong to the family declared by the TYPE before it", sample.name))
            })?;
        if family.kind == "histogram" && sample.name.ends_with("_bucket") {
            match sample.label("le") {
                Some(le) => {
                    parse_value(le).map_err(|e| at(format!("bucket bound: {e}")))?;
                }
                None => return Err(at("a histogram bucket without `le`".into())),
            }
        }
        if !seen.insert((sample.name.clone(), sample.labels.clone())) {
            return Err(at("the same sample twice".into()));
        }
        family.samples.push(sample);
    }
    if let Some((name, _)) = pending_help {
        return Err(format!("HELP for {name} without a TYPE"));
    }
    for family in out.families.iter().filter(|f| f.kind == "histogram") {
        check_histogram(family)?;
    }
    Ok(out)
}

/// True when a sample named `sample` belongs to the family `family` of type `kind`.
fn family_of(sample: &str, family: &str, kind: &str) -> bool {
    let Some(suffix) = sample.strip_prefix(family) else { return false };
    match kind {
        "counter" => ["_total", "_created"].contains(&suffix),
        "histogram" | "gaugehistogram" => ["_bucket", "_sum", "_count", "_created"].contains(&suffix),
        "summary" => ["", "_sum", "_count", "_created"].contains(&suffix),
        "info" => suffix == "_info",
        _ => suffix.is_empty(),
    }
}

/// Buckets of each label set are cumulative and end in `+Inf`, which equals `_count`.
fn check_histogram(family: &Family) -> Result<(), String> {
    let mut series: BTreeMap<BTreeMap<String, String>, Vec<(f64, f64)>> = BTreeMap::new();
    for sample in family.samples.iter().filter(|s| s.name.ends_with("_bucket")) {
        let mut labels = sample.labels.clone();
        let le = labels.remove("le").unwrap_or_default();
        series.entry(labels).or_default().push((parse_value(&le)?, sample.value));
    }
    for (labels, mut buckets) in series {
        buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
        if buckets.windows(2).any(|w| w[0].1 > w[1].1) {
            return Err(format!("{} {labels:?}: buckets are not cumulative: {buckets:?}", family.name));
        }
        let Some(&(_, inf_count)) = buckets.last().filter(|b| b.0 == f64::INFINITY) else {
            return Err(format!("{} {labels:?}: no +Inf bucket", family.name));
        };
        let count = family
            .samples
            .iter()
            .find(|s| s.name == format!("{}_count", family.name) && s.labels == labels)
            .ok_or_else(|| format!("{} {labels:?}: no _count", family.name))?;
        if count.value != inf_count {
            return Err(format!(
                "{} {labels:?}: _count {} differs from the +Inf bucket {inf_count}",
                family.name, count.value
            ));
        }
        if !family.samples.iter().any(|s| s.name == format!("{}_sum", family.name) && s.labels == labels) {
            return Err(format!("{} {labels:?}: no _sum", family.name));
        }
    }
    Ok(())
}

fn parse_sample(line: &str) -> Result<Sample, String> {
    let name_end = line.find(['{', ' ']).ok_or("a sample without a value")?;
    let name = &line[..name_end];
    check_metric_name(name)?;
    let mut rest = &line[name_end..];
    let mut labels = BTreeMap::new();
    if let Some(after) = rest.strip_prefix('{') {
        rest = parse_labels(after, &mut labels)?;
    }
    let rest = rest.strip_prefix(' ').ok_or("no space before the value")?;
    let mut parts = rest.split(' ');
    let value = parse_value(parts.next().unwrap_or_default())?;
    if let Some(timestamp) = parts.next() {
        timestamp.parse::<f64>().map_err(|_| format!("a timestamp that is not a number: `{timestamp}`"))?;
    }
    if parts.next().is_some() {
        return Err("more than a value and a timestamp after the labels".into());
    }
    Ok(Sample { name: name.into(), labels, value })
}

/// Parses `name="value",…}` and returns what follows the `}`.
fn parse_labels<'a>(mut text: &'a str, labels: &mut BTreeMap<String, String>) -> Result<&'a str, String> {
    loop {
        if let Some(rest) = text.strip_prefix('}') {
            return Ok(rest);
        }
        let eq = text.find('=').ok_or("a label without `=`")?;
        let name = &text[..eq];
        let mut chars = name.chars();
        let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !well_formed {
            return Err(format!("a malformed label name `{name}`"));
        }
        let quoted =
            text[eq + 1..].strip_prefix('"').ok_or_else(|| format!("label {name}: the value is not quoted"))?;
        let mut value = String::new();
        let mut chars = quoted.char_indices();
        let end = loop {
            match chars.next() {
                Some((i, '"')) => break i,
                Some((_, '\\')) => match chars.next() {
                    Some((_, '\\')) => value.push('\\'),
                    Some((_, '"')) => value.push('"'),
                    Some((_, 'n')) => value.push('\n'),
                    other => return Err(format!("label {name}: a bad escape `\\{:?}`", other.map(|(_, c)| c))),
                },
                Some((_, c)) => value.push(c),
                None => return Err(format!("label {name}: the value is not closed")),
            }
        };
        if labels.insert(name.to_string(), value).is_some() {
            return Err(format!("label {name} twice"));
        }
        text = &quoted[end + 1..];
        if let Some(rest) = text.strip_prefix(',') {
            text = rest;
        } else if !text.starts_with('}') {
            return Err(format!("after label {name}: expected `,` or `}}`"));
        }
    }
}

fn parse_value(text: &str) -> Result<f64, String> {
    match text {
        "+Inf" | "Inf" => Ok(f64::INFINITY),
        "-Inf" => Ok(f64::NEG_INFINITY),
        "NaN" => Ok(f64::NAN),
        _ if text.chars().any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E') => {
            Err(format!("not a number: `{text}`"))
        }
        _ => text.parse::<f64>().map_err(|_| format!("not a number: `{text}`")),
    }
}

fn check_metric_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':');
    if well_formed { Ok(()) } else { Err(format!("a malformed metric name `{name}`")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# HELP app_requests Requests.\n# TYPE app_requests counter\n\
        app_requests_total{route=\"/a/{id}\",status=\"200\"} 3\n\
        # TYPE app_latency histogram\n\
        app_latency_sum 0.5\napp_latency_count 2\n\
        app_latency_bucket{le=\"0.1\"} 1\napp_latency_bucket{le=\"+Inf\"} 2\n\
        # TYPE app_up gauge\napp_up 1\n# EOF\n";

    #[test]
    fn reads_a_well_formed_exposition() {
        let parsed = parse(GOOD).unwrap();
        assert_eq!(parsed.value("app_requests_total", &[("route", "/a/{id}"), ("status", "200")]), Some(3.0));
        assert_eq!(parsed.family("app_requests").unwrap().help.as_deref(), Some("Requests."));
        assert_eq!(parsed.value("app_up", &[]), Some(1.0));
    }

    #[test]
    fn rejects_what_scrapers_reject() {
        for (bad, why) in [
            ("app_up 1\n", "no TYPE"),
            ("# TYPE app_requests counter\napp_requests 1\n", "counter without _total"),
            ("# TYPE app_up gauge\napp_up{a=b} 1\n", "unquoted label"),
            ("# TYPE app_up gauge\napp_up{a=\"\\x\"} 1\n", "bad escape"),
            ("# TYPE app_up gauge\napp_up one\n", "not a number"),
            ("# TYPE app_up gauge\napp_up 1\napp_up 2\n", "repeated sample"),
            ("# TYPE app_up gauge\n# TYPE app_up gauge\n", "second TYPE"),
            (
                "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n",
                "not cumulative",
            ),
            ("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n", "no +Inf"),
            ("# TYPE app_up gauge\n# EOF\napp_up 1\n", "after EOF"),
        ] {
            assert!(parse(bad).is_err(), "accepted ({why}): {bad}");
        }
    }
}
