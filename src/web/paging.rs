//! Pages of a list that can grow: which page was asked for (any odd value means the first),
//! what to skip, and the links a page shows — the first, the last and those near the current
//! one, so a list of 5,000 rows has a handful of links, not a hundred.

/// One link of a page list; `None` in [`Pager::links`] stands for the pages left out.
pub struct PageLink {
    pub number: usize,
    pub href: String,
    pub current: bool,
}

pub struct Pager {
    /// The page shown, from 1.
    pub page: usize,
    pub pages: usize,
    pub per_page: usize,
    pub links: Vec<Option<PageLink>>,
}

impl Pager {
    /// The pager of a list of `total` rows, `per_page` to a page, at the page asked for (a
    /// query value; past the end means the last page); `href` makes a page's address.
    pub fn new(
        total: usize,
        per_page: usize,
        asked: Option<&str>,
        href: impl Fn(usize) -> String,
    ) -> Pager {
        let pages = total.div_ceil(per_page).max(1);
        let page = asked
            .and_then(|p| p.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, pages);
        let mut links = Vec::new();
        for n in 1..=pages {
            if n == 1 || n == pages || n.abs_diff(page) <= 2 {
                links.push(Some(PageLink {
                    number: n,
                    href: href(n),
                    current: n == page,
                }));
            } else if links.last().is_some_and(Option::is_some) {
                links.push(None);
            }
        }
        Pager {
            page,
            pages,
            per_page,
            links,
        }
    }

    /// The pager of the list at `path` (no query of its own), at the query's `page`.
    pub fn at(
        total: usize,
        per_page: usize,
        query: &std::collections::HashMap<String, String>,
        path: &str,
    ) -> Pager {
        Pager::new(
            total,
            per_page,
            query.get("page").map(String::as_str),
            |n| format!("{path}?page={n}"),
        )
    }

    /// Rows to skip for this page (an `offset`).
    pub fn offset(&self) -> i64 {
        ((self.page - 1) * self.per_page) as i64
    }

    pub fn limit(&self) -> i64 {
        self.per_page as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(p: &Pager) -> Vec<Option<usize>> {
        p.links
            .iter()
            .map(|l| l.as_ref().map(|l| l.number))
            .collect()
    }

    #[test]
    fn long_lists_link_the_ends_and_the_neighbourhood() {
        let p = Pager::new(5_659, 50, Some("40"), |n| format!("?page={n}"));
        assert_eq!(p.pages, 114);
        assert_eq!(p.offset(), 39 * 50);
        assert_eq!(
            numbers(&p),
            vec![
                Some(1),
                None,
                Some(38),
                Some(39),
                Some(40),
                Some(41),
                Some(42),
                None,
                Some(114)
            ]
        );
        assert!(p.links[4].as_ref().unwrap().current);
        assert_eq!(p.links[8].as_ref().unwrap().href, "?page=114");
    }

    #[test]
    fn odd_pages_mean_the_first_or_the_last() {
        for asked in [None, Some("0"), Some("-3"), Some("x"), Some("1e9")] {
            assert_eq!(
                Pager::new(120, 50, asked, |_| String::new()).page,
                1,
                "{asked:?}"
            );
        }
        assert_eq!(Pager::new(120, 50, Some("99"), |_| String::new()).page, 3);
        let empty = Pager::new(0, 50, Some("5"), |_| String::new());
        assert_eq!((empty.page, empty.pages, empty.offset()), (1, 1, 0));
        assert_eq!(numbers(&empty), vec![Some(1)]);
    }
}
