//! Making untrusted feed text plain: HTML tags and entities out, control characters out.
//!
//! The Meeting Guide specification says `notes` are plain text, yet WordPress sites export
//! what their editors typed, tags and all, and some escape it first (`&lt;b&gt;`), so one
//! decoding pass can reveal markup. We strip and decode until nothing changes, so no tag
//! survives in what we store and re-export; every page still escapes it on output.

/// Tags after which a line break keeps the text readable.
const BREAKING_TAGS: [&str; 10] = ["br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "ul"];

/// How many strip-and-decode passes to try; deeper encodings are neutralized afterwards.
const MAX_PASSES: usize = 3;

/// Names of the Latin-1 characters U+00C0 to U+00FF, in code point order.
const LATIN1_NAMES: &str = "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute \
    Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig \
    agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde \
    ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml";

/// Other named entities editors commonly produce.
const NAMED: [(&str, char); 20] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", ' '),
    ("copy", '©'),
    ("reg", '®'),
    ("deg", '°'),
    ("middot", '·'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
];

/// Plain text from text that may hold HTML: tags and comments removed (`<script>` and
/// `<style>` with their content), entities decoded, block tags turned into line breaks,
/// control and bidi override characters removed (newlines and tabs stay), blank runs tidied.
/// Decoding repeats until stable, so escaped markup is stripped too; a `<` that cannot start
/// a tag ("a < b") stays.
pub fn strip_html(input: &str) -> String {
    let mut text = input.to_string();
    for _ in 0..MAX_PASSES {
        let next = tidy(&strip_once(&text));
        if next == text {
            return text;
        }
        text = next;
    }
    // Still changing: an encoding deeper than we unwrap. Break any tag-like `<` apart.
    defang(&text)
}

/// One pass: tags removed and entities decoded, left to right.
fn strip_once(input: &str) -> String {
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
            if !after.chars().next().is_some_and(starts_tag) {
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
    out
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

/// True when `c` right after a `<` makes it the start of a tag, comment or declaration.
fn starts_tag(c: char) -> bool {
    c.is_ascii_alphabetic() || "/!?".contains(c)
}

/// The text with a space after every `<` that could start a tag, so none can.
fn defang(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '<' && chars.peek().copied().is_some_and(starts_tag) {
            out.push(' ');
        }
    }
    out
}

/// The character an entity at the start of `s` stands for, and the entity's length in bytes.
fn entity(s: &str) -> Option<(char, usize)> {
    let semi = s.get(..12.min(s.len())).unwrap_or(s).find(';')?;
    let name = s.get(1..semi)?;
    let c = if let Some(code) = name.strip_prefix('#') {
        let n = match code.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => code.parse::<u32>().ok()?,
        };
        // Characters plain text may not keep decode anyway; `tidy` drops them right after.
        char::from_u32(n)?
    } else if let Some((_, c)) = NAMED.iter().find(|(n, _)| *n == name) {
        *c
    } else {
        let at = LATIN1_NAMES.split_whitespace().position(|n| n == name)?;
        char::from_u32(0xC0 + u32::try_from(at).ok()?)?
    };
    Some((c, semi + 1))
}

/// True for characters plain text may keep: not control characters (bar newline and tab),
/// not the bidi embeddings, overrides and isolates that can make text display reordered.
fn kept(c: char) -> bool {
    let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    (!c.is_control() || c == '\n' || c == '\t') && !bidi
}

/// Unix line ends, no control characters, no trailing blanks on lines, at most one empty line
/// in a row, no surrounding whitespace.
fn tidy(s: &str) -> String {
    let cleaned: String = s.replace("\r\n", "\n").replace('\r', "\n").chars().filter(|c| kept(*c)).collect();
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
    fn escaped_markup_is_stripped_not_stored() {
        assert_eq!(strip_html("&lt;script&gt;alert(1)&lt;/script&gt; Grp"), "Grp");
        assert_eq!(strip_html("&lt;img src=x onerror=alert(1)&gt;"), "");
        assert_eq!(strip_html("&lt;b&gt;Bring&lt;/b&gt; a book"), "Bring a book");
        assert_eq!(strip_html("&amp;lt;i&amp;gt;twice&amp;lt;/i&amp;gt;"), "twice");
        assert_eq!(strip_html("<<b>script>alert(1)</script>x"), "");
        assert_eq!(strip_html("a < b &lt; c"), "a < b < c");
        assert_eq!(strip_html("x &lt;!-- gone --&gt; y"), "x  y");
    }

    #[test]
    fn deeper_encodings_leave_no_tag() {
        let deep = "&amp;amp;amp;amp;lt;script&amp;amp;amp;amp;gt;x";
        let out = strip_html(deep);
        assert!(!out.contains("<s"), "{out}");
        assert_eq!(defang("<<a> </p> <!x> < b"), "<< a> < /p> < !x> < b");
    }

    #[test]
    fn named_entities_decode() {
        assert_eq!(strip_html("Caf&eacute; &Aacute;&iacute;&oacute;&uacute;"), "Café Áíóú");
        assert_eq!(
            strip_html("Espa&ntilde;ol &uuml;ber Fran&ccedil;ais &szlig;&yuml;&AElig;&THORN;"),
            "Español über Français ßÿÆÞ"
        );
        assert_eq!(strip_html("&quot;a&quot; &apos;b&#39; c&nbsp;d &copy; &mdash;"), "\"a\" 'b' c d © —");
        assert_eq!(LATIN1_NAMES.split_whitespace().count(), 64);
        assert_eq!(entity("&times;"), Some(('×', 7)));
        assert_eq!(entity("&divide;"), Some(('÷', 8)));
        assert_eq!(strip_html("&Eacute; &EACUTE;"), "É &EACUTE;");
    }

    #[test]
    fn bidi_overrides_go_marks_stay() {
        assert_eq!(strip_html("Grp\u{202E}txt.exe\u{202C} \u{2066}x\u{2069}\u{202A}"), "Grptxt.exe x");
        assert_eq!(strip_html("a&#x202E;b&#8238;c&#0;d"), "abcd");
        assert_eq!(strip_html("a\u{200F}b\u{200E}c"), "a\u{200F}b\u{200E}c");
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
            proptest::prop_assert!(out.chars().all(kept));
            proptest::prop_assert_eq!(strip_html(&out), out.clone());
        }
    }
}
