//! URL-safe names for listings.

/// The longest slug we make or accept.
pub const MAX_SLUG_LEN: usize = 200;

/// Makes a slug from a name: ASCII transliteration, lowercase, words joined by hyphens
/// ("Women's Wednesday" → "womens-wednesday", "朝の集い" → "chao-noji-i").
pub fn slugify(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            pending_hyphen = true;
        }
    }
    slug.truncate(MAX_SLUG_LEN);
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() { "meeting".to_string() } else { slug }
}

/// True when `slug` is lowercase letters and digits in hyphen-separated words.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_SLUG_LEN
        && slug.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_names() {
        assert_eq!(slugify("Tuesday Night Step"), "tuesday-night-step");
        assert_eq!(slugify("Women's Wednesday"), "womens-wednesday");
        assert_eq!(slugify("  --Café  Serenity!! "), "cafe-serenity");
        assert_eq!(slugify("!!!"), "meeting");
        assert!(is_valid_slug(&slugify("朝の集い")));
    }

    #[test]
    fn slug_rules() {
        assert!(is_valid_slug("a-1-b"));
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "ä"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn every_slugified_name_is_valid(name in ".{0,300}") {
            proptest::prop_assert!(is_valid_slug(&slugify(&name)));
        }
    }
}
