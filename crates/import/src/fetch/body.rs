//! Reading a response body under the size cap: refused up front when the server announces too
//! much, and cut off as soon as more arrives than allowed, so a hostile server cannot make us
//! buffer an endless (or endlessly decompressing) stream.

use reqwest::Url;
use reqwest::header::CONTENT_TYPE;

use super::{FetchError, Fetched};

/// The body of `response` (for `url`), at most `max_bytes`.
pub(super) async fn read(mut response: reqwest::Response, url: &Url, max_bytes: u64) -> Result<Fetched, FetchError> {
    let too_large = || FetchError::TooLarge { url: url.to_string(), limit: max_bytes };
    // reqwest hides the length of a compressed body; then only the count below applies.
    if response.content_length().is_some_and(|n| n > max_bytes) {
        return Err(too_large());
    }
    let content_type =
        response.headers().get(CONTENT_TYPE).map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_string());
    let final_url = response.url().to_string();
    let mut body: Vec<u8> = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if (body.len() + chunk.len()) as u64 > max_bytes {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                return Err(FetchError::Connect { url: url.to_string(), message: format!("the body broke off: {e}") });
            }
        }
    }
    Ok(Fetched { url: final_url, content_type, body })
}
