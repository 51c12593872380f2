//! Markdown people write (insights, research topics), rendered once and stored: parsed by
//! pulldown-cmark (tables, strikethrough), raw HTML shown as text, and the result cleaned by
//! ammonia — no scripts, no event handlers, only http(s) and mailto links, and every link
//! marked `nofollow ugc noopener`.

use pulldown_cmark::{Event, Options, Parser, Tag};
use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("nofollow ugc noopener"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .add_generic_attributes(["align"]);
    b
});

fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
}

/// Safe HTML for a Markdown text.
pub fn render(text: &str) -> String {
    // Raw HTML in the text is shown as the text it is, never passed on as markup.
    let events = parser(text).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    CLEANER.clean(&html).to_string()
}

/// How many links a Markdown text has (links and images), for the limit per post.
pub fn links(text: &str) -> usize {
    parser(text)
        .filter(|e| {
            matches!(
                e,
                Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. })
            )
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_dangerous_links_come_out_harmless() {
        let html = render(
            "# Title\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
             [click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) \
             [ok](https://ml.energy/leaderboard)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`code`",
        );
        // Raw HTML stays visible as text, never a tag.
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:text"), "{html}");
        assert!(
            html.contains("&lt;script&gt;"),
            "raw HTML shows as text: {html}"
        );
        assert!(
            html.contains(
                r#"<a href="https://ml.energy/leaderboard" rel="nofollow ugc noopener">ok</a>"#
            ),
            "{html}"
        );
        assert!(html.contains("<h1>Title</h1>") && html.contains("<table>"));
        assert!(html.contains("<code>code</code>"));
    }

    #[test]
    fn a_megabyte_of_markdown_renders_and_links_are_counted() {
        let big = "**bold** <b onclick=x>".repeat((1 << 20) / 22);
        assert!(big.len() >= 1_000_000);
        let html = render(&big);
        assert!(!html.contains("<b onclick") && html.contains("&lt;b onclick=x&gt;"));
        assert_eq!(
            links("[a](https://a.nl) and ![b](https://b.nl/x.png) and c"),
            2
        );
    }
}
