//! Atom feeds (RFC 4287), written by hand: a feed is a few elements, every text escaped.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Text for XML: escaped, and without the control characters XML 1.0 does not allow.
pub fn xml(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|c| !matches!(*c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}'))
        .collect();
    crate::web::format::escape(&allowed)
}

fn date(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

pub struct Entry {
    pub id: uuid::Uuid,
    pub title: String,
    /// Its page, absolute.
    pub href: String,
    /// The language of its text, when known (`nl`, `en`).
    pub lang: String,
    pub published: OffsetDateTime,
    pub updated: OffsetDateTime,
    pub author: String,
    pub category: String,
    /// Its content as (already safe) HTML.
    pub html: String,
}

pub struct Feed {
    pub title: String,
    /// The feed's own address (also its id).
    pub self_href: String,
    /// The page it follows.
    pub alternate: String,
    pub entries: Vec<Entry>,
}

impl Feed {
    pub fn render(&self) -> String {
        let updated = self
            .entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8"?>"#);
        out.push_str(&format!(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>{}</title><id>{}</id><link rel="self" href="{}"/><link rel="alternate" type="text/html" href="{}"/><updated>{}</updated>"#,
            xml(&self.title),
            xml(&self.self_href),
            xml(&self.self_href),
            xml(&self.alternate),
            date(updated)
        ));
        for e in &self.entries {
            out.push_str(&format!(
                r#"<entry><id>urn:uuid:{}</id><title>{}</title><link rel="alternate" type="text/html"{} href="{}"/><published>{}</published><updated>{}</updated><author><name>{}</name></author><category term="{}"/><content type="html">{}</content></entry>"#,
                e.id,
                xml(&e.title),
                if e.lang.is_empty() {
                    String::new()
                } else {
                    format!(r#" hreflang="{}""#, xml(&e.lang))
                },
                xml(&e.href),
                date(e.published),
                date(e.updated),
                xml(&e.author),
                xml(&e.category),
                xml(&e.html)
            ));
        }
        out.push_str("</feed>");
        out
    }

    /// The feed as a response, with Atom's media type.
    pub fn response(&self) -> axum::response::Response {
        use axum::response::IntoResponse;
        (
            [(
                axum::http::header::CONTENT_TYPE,
                "application/atom+xml; charset=utf-8",
            )],
            self.render(),
        )
            .into_response()
    }
}
