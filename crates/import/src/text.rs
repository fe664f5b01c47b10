//! Making untrusted feed text plain: HTML tags and entities out, control characters out.
//!
//! The Meeting Guide specification says `notes` are plain text, yet WordPress sites export
//! what their editors typed, tags and all. We store plain text and let every page escape it.

/// Tags after which a line break keeps the text readable.
const BREAKING_TAGS: [&str; 10] = ["br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "ul"];

/// Plain text from text that may hold HTML: tags and comments removed (`<script>` and
/// `<style>` with their content), entities decoded, block tags turned into line breaks,
/// control characters other than newlines and tabs removed, blank runs tidied.
pub fn strip_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix('<') {
            if after.starts_with("!--") {
                rest = after.find("-->").map_or("", |e| &after[e + 3..]);
                continue;
            }
            let starts_tag = after.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || "/!?".contains(c));
            if !starts_tag {
                out.push('<');
                rest = after;
                continue;
            }
            let end = after.find('>').map_or(after.len(), |e| e + 1);
            let name = tag_name(&after[..end]);
            if BREAKING_TAGS.contains(&name.trim_start_matches('/')) && !out.ends_with('\n') {
                out.push('\n');
            }
            rest = &after[end..];
            if name == "script" || name == "style" {
                rest = find_ignore_case(rest, &format!("</{name}")).map_or("", |j| &rest[j..]);
            }
        } else {
            match entity(tail) {
                Some((c, len)) => {
                    out.push(c);
                    rest = &tail[len..];
                }
                None => {
                    out.push('&');
                    rest = &tail[1..];
                }
            }
        }
    }
    out.push_str(rest);
    tidy(&out)
}

/// The lowercase name of a tag from the text after its `<` ("/P class=x>" → "/p").
fn tag_name(tag: &str) -> String {
    let slash = if tag.starts_with('/') { "/" } else { "" };
    let name: String = tag
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("{slash}{name}")
}

/// The byte offset of the first case-insensitive (ASCII) match of `needle` in `hay`.
fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The character an entity at the start of `s` stands for, and the entity's length in bytes.
fn entity(s: &str) -> Option<(char, usize)> {
    let semi = s.get(..12.min(s.len())).unwrap_or(s).find(';')?;
    let name = s.get(1..semi)?;
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" | "#39" => '\'',
        "nbsp" => ' ',
        _ => {
            let code = name.strip_prefix('#')?;
            let n = match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse::<u32>().ok()?,
            };
            char::from_u32(n).filter(|c| !c.is_control() || *c == '\n' || *c == '\t')?
        }
    };
    Some((c, semi + 1))
}

/// Unix line ends, no control characters, no trailing blanks on lines, at most one empty line
/// in a row, no surrounding whitespace.
fn tidy(s: &str) -> String {
    let cleaned: String = s
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let mut out = String::with_capacity(cleaned.len());
    let mut blank_run = 0;
    for line in cleaned.split('\n') {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        if !out.is_empty() || !line.trim().is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim().to_string()
}

/// Plain text, or `None` when nothing is left.
pub(crate) fn plain(value: Option<&str>) -> Option<String> {
    value.map(strip_html).filter(|s| !s.is_empty())
}

/// Trimmed raw text (URLs, emails, phones: validated as they are, never rewritten), or `None`.
pub(crate) fn raw(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Cuts `s` to `max` characters; the returned flag says whether it was cut.
pub(crate) fn truncate_chars(s: String, max: usize) -> (String, bool) {
    match s.char_indices().nth(max) {
        Some((at, _)) => (s[..at].trim_end().to_string(), true),
        None => (s, false),
    }
}

/// The bytes without a UTF-8 byte-order mark and leading whitespace.
pub(crate) fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

/// True when the (trimmed) bytes start like an HTML or XML document.
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(16)];
    let lower = head.to_ascii_lowercase();
    [b"<!doctype".as_slice(), b"<html", b"<head", b"<body", b"<?xml", b"<!--"].iter().any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_text_stays() {
        assert_eq!(strip_html("<b>Bring</b> a <a href=\"x\">book</a>"), "Bring a book");
        assert_eq!(strip_html("Line one<br/>Line two<p>Para</p>"), "Line one\nLine two\nPara");
        assert_eq!(strip_html("a<script>alert('x')</script>b<style>p{}</STYLE>c"), "abc");
        assert_eq!(strip_html("x <!-- hidden --> y"), "x  y");
        assert_eq!(strip_html("5 < 6 &amp; 7 > 3"), "5 < 6 & 7 > 3");
        assert_eq!(strip_html("Tom &amp; Jerry&#39;s &#x41; &bogus; &"), "Tom & Jerry's A &bogus; &");
        assert_eq!(strip_html("unterminated <a href=x"), "unterminated");
        assert_eq!(strip_html("a\u{0}b\r\nc\n\n\n\nd  "), "ab\nc\n\nd");
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate_chars("ééé".into(), 2), ("éé".to_string(), true));
        assert_eq!(truncate_chars("ab".into(), 2), ("ab".to_string(), false));
    }

    #[test]
    fn html_pages_are_recognized() {
        assert!(looks_like_html(trim_start(b"\xEF\xBB\xBF  <!DOCTYPE html><html>")));
        assert!(looks_like_html(b"<HTML>"));
        assert!(!looks_like_html(b"[{\"name\":\"x\"}]"));
    }

    proptest::proptest! {
        #[test]
        fn stripping_never_panics_and_leaves_no_control_characters(s in "(<[a-z/!]{0,4}|&#?[a-z0-9]{0,4};?|.){0,60}") {
            let out = strip_html(&s);
            proptest::prop_assert!(out.chars().all(|c| !c.is_control() || c == '\n' || c == '\t'));
        }
    }
}
