//! One key per video-conference room, so two listings of the same room compare equal however
//! each source spelled its link.
//!
//! Sources write the same link many ways: `http` or `https`, upper-case hosts, a trailing
//! slash, Zoom's regional hosts (`us02web.zoom.us`), and Zoom's `pwd` parameter, which some
//! sources publish and others keep back. None of these change which room the link opens.

/// The room `url` opens, as a comparable key; `None` when it is not an http(s) URL with a host.
///
/// The scheme, any user info, a default port, the fragment and trailing slashes are dropped,
/// the host is lower-cased, and query parameters other than `pwd` are kept, sorted. A Zoom
/// meeting link (`…zoom.us/j/ID`, `/w/ID`, `/wc/join/ID`, `/wc/ID/join`) becomes
/// `zoom.us/j/ID`: the meeting number names the room on every Zoom host.
pub fn room_key(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or_default();
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(i) => before_query.split_at(i),
        None => (before_query, ""),
    };
    let host_port = authority.rsplit('@').next().unwrap_or_default().to_ascii_lowercase();
    let host = host_port.strip_suffix(":80").or_else(|| host_port.strip_suffix(":443")).unwrap_or(&host_port);
    let host = host.trim_end_matches('.');
    if host.is_empty() {
        return None;
    }
    let path = path.trim_end_matches('/');
    if host == "zoom.us" || host.ends_with(".zoom.us") {
        if let Some(id) = zoom_meeting_number(path) {
            return Some(format!("zoom.us/j/{id}"));
        }
    }
    let mut params: Vec<&str> = query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| p.split('=').next().is_some_and(|k| !k.eq_ignore_ascii_case("pwd")))
        .collect();
    params.sort_unstable();
    let mut key = format!("{host}{path}");
    if !params.is_empty() {
        key.push('?');
        key.push_str(&params.join("&"));
    }
    Some(key)
}

/// The meeting number in a Zoom link's path, when the path is a meeting link.
fn zoom_meeting_number(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let raw = match segments.as_slice() {
        ["j" | "w" | "s", id, ..] | ["wc", "join", id, ..] => *id,
        ["wc", id, "join" | "start", ..] => *id,
        _ => return None,
    };
    // Some sources write the number grouped ("123-456-7890"); the room is the digits.
    let digits: String = raw.chars().filter(|c| *c != '-').collect();
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::room_key;

    #[test]
    fn spelling_differences_give_one_key() {
        let a = room_key("https://Example.org/room/").unwrap();
        assert_eq!(room_key("http://example.org:80/room#top").as_deref(), Some(a.as_str()));
        assert_eq!(room_key("https://user@example.org:443/room").as_deref(), Some(a.as_str()));
        assert_ne!(room_key("https://example.org/Room").as_deref(), Some(a.as_str()));
    }

    #[test]
    fn zoom_links_are_keyed_by_meeting_number() {
        let key = room_key("https://zoom.us/j/1234567890").unwrap();
        assert_eq!(key, "zoom.us/j/1234567890");
        for same in [
            "https://us02web.zoom.us/j/1234567890?pwd=abc",
            "http://ZOOM.US/j/1234567890/",
            "https://zoom.us/wc/join/1234567890",
            "https://zoom.us/w/123-456-7890?tk=x",
        ] {
            assert_eq!(room_key(same).as_deref(), Some(key.as_str()), "{same}");
        }
        assert_ne!(room_key("https://zoom.us/j/1234567891").as_deref(), Some(key.as_str()));
    }

    #[test]
    fn only_the_password_parameter_is_ignored() {
        assert_eq!(room_key("https://meet.example/x?b=2&a=1&pwd=z"), room_key("https://meet.example/x?a=1&b=2"));
        assert_ne!(room_key("https://meet.example/x?room=1"), room_key("https://meet.example/x?room=2"));
    }

    #[test]
    fn what_is_not_a_web_link_has_no_key() {
        assert_eq!(room_key("tel:+15555550100"), None);
        assert_eq!(room_key("ftp://example.org/x"), None);
        assert_eq!(room_key("https:///path"), None);
        assert_eq!(room_key("zoom.us/j/1"), None);
    }
}
