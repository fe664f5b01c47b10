//! Words for the free-text search: what a meeting is findable by, and how a query is read.
//!
//! Both sides go through the same folding (ASCII transliteration, lowercase, apostrophes
//! dropped so "Women's" is one word), so "cafe" finds "Café" and "womens" finds "Women's".

use crate::meeting::Meeting;

/// The folded words of `text`, in order, with repeats (the one folding every text search uses).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let folded = if text.is_ascii() { std::borrow::Cow::Borrowed(text) } else { deunicode::deunicode(text).into() };
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            current.push(c.to_ascii_lowercase());
        } else if c != '\'' && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The distinct words a meeting is findable by, sorted: its name and notes, its location's
/// name, address, city, formatted address and notes, and its group's name.
pub(crate) fn meeting_words(meeting: &Meeting) -> Vec<String> {
    let data = &meeting.data;
    let location = data.location.as_ref();
    let fields = [
        Some(&data.name),
        data.notes.as_ref(),
        location.and_then(|l| l.name.as_ref()),
        location.and_then(|l| l.address.as_ref()),
        location.and_then(|l| l.city.as_ref()),
        location.and_then(|l| l.formatted_address.as_ref()),
        location.and_then(|l| l.notes.as_ref()),
        data.group.as_ref().and_then(|g| g.name.as_ref()),
    ];
    let mut all: Vec<String> = fields.into_iter().flatten().flat_map(|f| words(f)).collect();
    all.sort_unstable();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(words("Café  Serenity, 12th St."), ["cafe", "serenity", "12th", "st"]);
        assert_eq!(words("Women's WEDNESDAY"), ["womens", "wednesday"]);
        assert_eq!(words("Ñandú—Über"), ["nandu", "uber"]);
        assert!(words(" !! ").is_empty());
    }
}
