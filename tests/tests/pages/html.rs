//! Reading the resident's pages in tests: a little HTML scraping (the pages are ours and
//! regular, so string searches do) and a tiny iCalendar reader.

use std::collections::BTreeSet;

/// Undoes the entity escapes the templates write (`&#38;`, `&amp;`, `&#34;`, …).
pub fn unescape(s: &str) -> String {
    s.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&lt;", "<")
        .replace("&#62;", ">")
        .replace("&gt;", ">")
}

/// Every value of attribute `attr` on the elements whose opening tag contains `marker`.
pub fn attrs(html: &str, marker: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(marker) {
        let start = rest[..at].rfind('<').unwrap_or(0);
        let end = at + rest[at..].find('>').unwrap_or(rest.len() - at);
        let tag = &rest[start..end];
        let key = format!(" {attr}=\"");
        if let Some(v) = tag.find(&key) {
            let value = &tag[v + key.len()..];
            out.push(unescape(&value[..value.find('"').unwrap_or(value.len())]));
        }
        rest = &rest[end.min(rest.len())..];
        if rest.len() == html.len() {
            break;
        }
    }
    out
}

/// The text of every element opening with `open` (up to the next `<`).
pub fn texts(html: &str, open: &str) -> Vec<String> {
    html.split(open).skip(1).map(|s| unescape(&s[..s.find('<').unwrap_or(s.len())])).collect()
}

/// The detail links of the results, in order, and their names.
pub fn result_links(html: &str) -> Vec<(String, String)> {
    html.split("<h3><a href=\"")
        .skip(1)
        .map(|s| {
            let (href, rest) = s.split_once("\">").unwrap();
            (unescape(href), unescape(&rest[..rest.find("</a>").unwrap()]))
        })
        .collect()
}

/// The detail links of the results, in order.
pub fn links(html: &str) -> Vec<String> {
    result_links(html).into_iter().map(|(href, _)| href).collect()
}

/// The `data-kind` of each result, in order.
pub fn kinds(html: &str) -> Vec<String> {
    attrs(html, "class=\"result\"", "data-kind")
}

/// The kilometres of each result's distance, in order.
pub fn distances(html: &str) -> Vec<f64> {
    texts(html, "<span class=\"distance\">").iter().map(|t| t.split(' ').next().unwrap().parse().unwrap()).collect()
}

/// Every absolute http(s) URL in a body (entities undone).
pub fn urls(body: &str) -> BTreeSet<String> {
    let body = unescape(body);
    let mut out = BTreeSet::new();
    for scheme in ["http://", "https://"] {
        for (i, _) in body.match_indices(scheme) {
            let rest = &body[i..];
            let end = rest
                .find(|c: char| c == '"' || c == '\'' || c == '<' || c == '>' || c.is_whitespace())
                .unwrap_or(rest.len());
            out.insert(rest[..end].to_string());
        }
    }
    out
}

/// One VEVENT's properties: `(name with parameters, value)`.
pub type Event = Vec<(String, String)>;

/// Reads an iCalendar file: checks its frame and returns its events (lines unfolded).
pub fn parse_ics(body: &str) -> Vec<Event> {
    assert!(body.contains("\r\n"), "iCalendar lines end in CRLF");
    let unfolded = body.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"), "{body}");
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"), "{body}");
    assert!(lines.contains(&"VERSION:2.0"), "{body}");
    let mut events = Vec::new();
    let mut current: Option<Event> = None;
    for line in &lines[1..lines.len() - 1] {
        match *line {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => events.push(current.take().expect("END:VEVENT after BEGIN:VEVENT")),
            _ => {
                let (name, value) = line.split_once(':').unwrap_or_else(|| panic!("not a content line: {line}"));
                if let Some(event) = current.as_mut() {
                    event.push((name.to_string(), value.to_string()));
                }
            }
        }
    }
    assert!(current.is_none(), "an unterminated VEVENT");
    events
}

/// The value of property `name` (with its parameters, e.g. `DTSTART;TZID=America/New_York`).
pub fn prop<'a>(event: &'a Event, name: &str) -> Option<&'a str> {
    event.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}
