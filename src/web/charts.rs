//! Charts as inline SVG, drawn on the server: no script, a few kilobytes, readable without
//! colour. Every chart carries a title and a description (its text alternative); the page
//! shows the same figures in a table beside it.

use crate::web::i18n::Lang;
use std::fmt::Write;

use crate::web::format::escape as esc;

/// A row label that fits left of the plot: at most 26 characters, cut with an ellipsis.
fn short(label: &str) -> String {
    if label.chars().count() <= 26 {
        label.to_string()
    } else {
        label.chars().take(25).chain(['…']).collect()
    }
}

/// A decade as a tick label: "0.1", "10", "1000" (Dutch "0,1").
fn decade(d: f64, lang: Lang) -> String {
    let s = format!("{}", (d * 1e6).round() / 1e6);
    if lang == Lang::Nl {
        s.replace('.', ",")
    } else {
        s
    }
}

/// A logarithmic axis over the positive values given, widened to whole decades.
struct LogAxis {
    lo: f64,
    hi: f64,
}

impl LogAxis {
    fn over(values: impl Iterator<Item = f64>) -> Option<LogAxis> {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.filter(|v| v.is_finite() && *v > 0.0) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() {
            return None;
        }
        let lo = 10f64.powf(lo.log10().floor());
        let mut hi = 10f64.powf(hi.log10().ceil());
        if hi <= lo {
            hi = lo * 10.0;
        }
        Some(LogAxis { lo, hi })
    }

    /// The value at position `at` between 0 and 1.
    fn value_at(&self, at: f64) -> f64 {
        10f64.powf(self.lo.log10() + at * (self.hi.log10() - self.lo.log10()))
    }

    /// Position of `v` between 0 and 1.
    fn at(&self, v: f64) -> f64 {
        let v = v.clamp(self.lo, self.hi);
        (v.log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10())
    }

    fn decades(&self) -> Vec<f64> {
        let mut out = Vec::new();
        let mut d = self.lo;
        while d <= self.hi * 1.0001 {
            out.push(d);
            d *= 10.0;
        }
        out
    }
}

/// The opening of a chart: size, role and its text alternative.
fn open(out: &mut String, id: &str, width: f64, height: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        esc(title),
        esc(desc)
    );
}

// Drawn 720 units wide and never shown narrower than 580 px (`.chart` in app.css; a phone
// scrolls it sideways), so 14-unit labels are at least 11 px on any screen.
const LEFT: f64 = 230.0;
const RIGHT: f64 = 30.0;
const WIDTH: f64 = 720.0;

/// Decade grid lines and labels along a horizontal axis.
fn x_grid(out: &mut String, axis: &LogAxis, top: f64, bottom: f64, unit: &str, lang: Lang) {
    let span = WIDTH - LEFT - RIGHT;
    for d in axis.decades() {
        let x = LEFT + axis.at(d) * span;
        let _ = write!(
            out,
            r#"<line class="grid" x1="{x:.0}" y1="{top}" x2="{x:.0}" y2="{bottom}"/><text class="tick" x="{x:.0}" y="{:.0}" text-anchor="middle">{}</text>"#,
            bottom + 16.0,
            esc(&decade(d, lang))
        );
    }
    let _ = write!(
        out,
        r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
        LEFT + span / 2.0,
        bottom + 34.0,
        esc(unit)
    );
}

/// One line per model: its median as a dot, the interquartile range as a whisker, on a
/// logarithmic axis. `rows` are (label, q1, median, q3).
pub fn ranges(
    id: &str,
    title: &str,
    desc: &str,
    unit: &str,
    rows: &[(String, f64, f64, f64)],
    lang: Lang,
) -> String {
    let Some(axis) = LogAxis::over(rows.iter().flat_map(|r| [r.1, r.2, r.3])) else {
        return String::new();
    };
    let row_h = 22.0;
    let top = 10.0;
    let bottom = top + row_h * rows.len() as f64;
    let height = bottom + 44.0;
    let span = WIDTH - LEFT - RIGHT;
    let mut out = String::with_capacity(rows.len() * 260 + 600);
    open(&mut out, id, WIDTH, height, title, desc);
    x_grid(&mut out, &axis, top, bottom, unit, lang);
    // Labels in one group; whiskers in one path; medians as zero-length round-capped strokes
    // of one path (a dot each): a few bytes per line instead of three elements.
    let mut labels = String::from(r#"<g class="label" text-anchor="end">"#);
    let mut whiskers = String::new();
    let mut dots = String::new();
    for (i, (label, q1, median, q3)) in rows.iter().enumerate() {
        let y = top + row_h * (i as f64 + 0.5);
        let label = short(label);
        let _ = write!(
            labels,
            r#"<text x="{:.0}" y="{:.0}">{}</text>"#,
            LEFT - 8.0,
            y + 4.0,
            esc(&label)
        );
        let _ = write!(
            whiskers,
            "M{:.0} {y:.0}H{:.0}",
            LEFT + axis.at(*q1) * span,
            LEFT + axis.at(*q3) * span
        );
        let _ = write!(dots, "M{:.0} {y:.0}h0", LEFT + axis.at(*median) * span);
    }
    let _ = write!(
        out,
        r##"{labels}</g><path class="whisker" fill="none" stroke="#4a7c59" stroke-width="2" d="{whiskers}"/><path class="dots" fill="none" stroke="#1f5130" stroke-width="8" stroke-linecap="round" d="{dots}"/>"##
    );
    out.push_str("</svg>");
    out
}

/// More values than this in one row of a strip plot, and the row is drawn binned: a dot
/// each would make a page of megabytes that no eye can count anyway.
pub const STRIP_DOTS: usize = 300;

/// Bins across the axis for a binned row.
const STRIP_BINS: usize = 100;

/// One row of a strip plot: each value as a dot (value, published), or, for a row of more
/// than [`STRIP_DOTS`], how many values fall in each bin `[lo, hi)` of the axis (a model's
/// page draws the bins its board lines keep).
pub enum StripRow {
    Dots(Vec<(f64, bool)>),
    Binned(Vec<(f64, f64, usize)>),
}

/// The axis a strip plot of values between `lo` and `hi` (the smallest and largest positive
/// ones) draws: whole decades around them, as (low end, high end).
pub fn strip_axis(lo: f64, hi: f64) -> Option<(f64, f64)> {
    LogAxis::over([lo, hi].into_iter()).map(|a| (a.lo, a.hi))
}

/// The bin of [`STRIP_BINS`] a value falls in on the axis.
fn bin_of(axis: &LogAxis, v: f64) -> Option<usize> {
    let at = axis.at(v);
    at.is_finite()
        .then(|| ((at * STRIP_BINS as f64) as usize).min(STRIP_BINS - 1))
}

/// A row of many values as bars over equal bins of the (logarithmic) axis: a bar's height
/// grows with the square root of its count, and its title says the count.
fn binned(
    out: &mut String,
    axis: &LogAxis,
    bins: &[(f64, f64, usize)],
    y: f64,
    row_h: f64,
    lang: Lang,
) {
    let span = WIDTH - LEFT - RIGHT;
    let most = bins.iter().map(|b| b.2).max().unwrap_or(1).max(1) as f64;
    for (lo, hi, n) in bins.iter().filter(|b| b.2 > 0) {
        let h = ((*n as f64 / most).sqrt() * (row_h - 6.0)).max(2.0);
        let (from, to) = (axis.at(*lo), axis.at(*hi));
        let _ = write!(
            out,
            r#"<rect class="bin" x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}"><title>{}</title></rect>"#,
            LEFT + from * span,
            y - h / 2.0,
            ((to - from) * span).max(1.0),
            crate::web::i18n::tf(lang, "chart-bin-count", &[("count", &n.to_string())])
        );
    }
}

/// Every measurement as a dot, one row per group (a line, or a device); published
/// benchmarks drawn hollow. `groups` are (label, [(value, published)]); a group of more than
/// [`STRIP_DOTS`] values is binned.
pub fn strip(
    id: &str,
    title: &str,
    desc: &str,
    unit: &str,
    groups: &[(String, Vec<(f64, bool)>)],
    lang: Lang,
) -> String {
    let Some(axis) = LogAxis::over(groups.iter().flat_map(|g| g.1.iter().map(|v| v.0))) else {
        return String::new();
    };
    let rows: Vec<(String, StripRow)> = groups
        .iter()
        .map(|(label, values)| {
            let row = if values.len() > STRIP_DOTS {
                let mut counts = vec![0; STRIP_BINS];
                for bin in values.iter().filter_map(|(v, _)| bin_of(&axis, *v)) {
                    counts[bin] += 1;
                }
                let edge = |i: usize| axis.value_at(i as f64 / STRIP_BINS as f64);
                StripRow::Binned(
                    counts
                        .into_iter()
                        .enumerate()
                        .map(|(i, n)| (edge(i), edge(i + 1), n))
                        .collect(),
                )
            } else {
                StripRow::Dots(values.clone())
            };
            (label.clone(), row)
        })
        .collect();
    strip_rows(id, title, desc, unit, (axis.lo, axis.hi), &rows, lang)
}

/// A strip plot of rows already dotted or binned, on the axis `(lo, hi)` of [`strip_axis`].
pub fn strip_rows(
    id: &str,
    title: &str,
    desc: &str,
    unit: &str,
    (lo, hi): (f64, f64),
    groups: &[(String, StripRow)],
    lang: Lang,
) -> String {
    let axis = LogAxis { lo, hi };
    let row_h = 28.0;
    let top = 10.0;
    let bottom = top + row_h * groups.len() as f64;
    let span = WIDTH - LEFT - RIGHT;
    let mut out = String::new();
    open(&mut out, id, WIDTH, bottom + 44.0, title, desc);
    x_grid(&mut out, &axis, top, bottom, unit, lang);
    for (i, (label, values)) in groups.iter().enumerate() {
        let y = top + row_h * (i as f64 + 0.5);
        let label = short(label);
        let _ = write!(
            out,
            r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LEFT - 8.0,
            y + 4.0,
            esc(&label)
        );
        let values = match values {
            StripRow::Binned(bins) => {
                binned(&mut out, &axis, bins, y, row_h, lang);
                continue;
            }
            StripRow::Dots(values) => values,
        };
        for (j, (v, published)) in values.iter().enumerate() {
            // A small fixed jitter so equal values stay countable.
            let dy = ((j % 5) as f64 - 2.0) * 2.5;
            let _ = write!(
                out,
                r#"<circle class="{}" cx="{:.0}" cy="{:.0}" r="3"/>"#,
                if *published { "dot hollow" } else { "dot" },
                LEFT + axis.at(*v) * span,
                y + dy
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// One figure against another, both logarithmic. `points` are (label, x, y); the points of
/// `frontier` (indices, in x order) are joined by a line and drawn filled, the rest hollow.
pub fn scatter(
    id: &str,
    title: &str,
    desc: &str,
    (x_unit, y_unit): (&str, &str),
    points: &[(String, f64, f64)],
    frontier: &[usize],
    lang: Lang,
) -> String {
    let (Some(xa), Some(ya)) = (
        LogAxis::over(points.iter().map(|p| p.1)),
        LogAxis::over(points.iter().map(|p| p.2)),
    ) else {
        return String::new();
    };
    let (left, top, w, h) = (80.0, 10.0, 620.0, 260.0);
    let mut out = String::new();
    open(&mut out, id, WIDTH, top + h + 50.0, title, desc);
    for d in xa.decades() {
        let x = left + xa.at(d) * w;
        let _ = write!(
            out,
            r#"<line class="grid" x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{:.1}"/><text class="tick" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            top + h,
            top + h + 16.0,
            esc(&decade(d, lang))
        );
    }
    for d in ya.decades() {
        let y = top + h - ya.at(d) * h;
        let _ = write!(
            out,
            r#"<line class="grid" x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            left + w,
            left - 6.0,
            y + 4.0,
            esc(&decade(d, lang))
        );
    }
    axis_names(&mut out, (left, top, w, h), x_unit, y_unit);
    let at = |x: f64, y: f64| (left + xa.at(x) * w, top + h - ya.at(y) * h);
    if !frontier.is_empty() {
        let mut d = String::new();
        for (n, &i) in frontier.iter().enumerate() {
            let (x, y) = at(points[i].1, points[i].2);
            let _ = write!(d, "{}{x:.0} {y:.0}", if n == 0 { "M" } else { "L" });
        }
        let _ = write!(out, r#"<path class="frontier" d="{d}"/>"#);
    }
    for (i, (label, x, y)) in points.iter().enumerate() {
        let (cx, cy) = at(*x, *y);
        let hollow = !frontier.is_empty() && !frontier.contains(&i);
        let _ = write!(
            out,
            r#"<circle class="{}" cx="{cx:.0}" cy="{cy:.0}" r="4"><title>{}</title></circle>"#,
            if hollow { "dot hollow" } else { "dot" },
            esc(label)
        );
    }
    out.push_str("</svg>");
    out
}

/// A "nice" step for about `n` ticks over `span` (1, 2 or 5 times a power of ten).
fn nice_step(span: f64, n: f64) -> f64 {
    let raw = (span / n).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
}

/// Power over time, as a measuring tool recorded it: `points` are (seconds from the run's
/// start, watts); the run (0 to `run_s`) is shaded, the idle baseline before it and the
/// cooldown after it are not.
pub fn timeline(
    id: &str,
    title: &str,
    desc: &str,
    (x_unit, y_unit): (&str, &str),
    points: &[(f64, f64)],
    run_s: f64,
    lang: Lang,
) -> String {
    let finite: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(t, w)| t.is_finite() && w.is_finite())
        .collect();
    if finite.len() < 2 {
        return String::new();
    }
    let (t0, t1) = finite
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
    let top_w = finite.iter().map(|p| p.1).fold(0.0, f64::max);
    let x_step = nice_step(t1 - t0, 8.0);
    let y_step = nice_step(top_w.max(1.0), 5.0);
    let y_max = (top_w / y_step).ceil().max(1.0) * y_step;
    let (left, top, w, h) = (80.0, 10.0, 620.0, 220.0);
    let x = |t: f64| left + (t - t0) / (t1 - t0).max(f64::MIN_POSITIVE) * w;
    let y = |v: f64| top + h - v.max(0.0) / y_max * h;
    let mut out = String::new();
    open(&mut out, id, WIDTH, top + h + 50.0, title, desc);
    let (run_a, run_b) = (x(0.0_f64.max(t0)), x(run_s.min(t1)));
    let _ = write!(
        out,
        r#"<rect class="run" x="{run_a:.1}" y="{top}" width="{:.1}" height="{h}"/>"#,
        (run_b - run_a).max(0.0)
    );
    let mut t = (t0 / x_step).ceil() * x_step;
    while t <= t1 + 1e-9 {
        let _ = write!(
            out,
            r#"<line class="grid" x1="{0:.1}" y1="{top}" x2="{0:.1}" y2="{1:.1}"/><text class="tick" x="{0:.1}" y="{2:.1}" text-anchor="middle">{3}</text>"#,
            x(t),
            top + h,
            top + h + 16.0,
            esc(&crate::web::i18n::decimal(t, lang))
        );
        t += x_step;
    }
    let mut v = 0.0;
    while v <= y_max + 1e-9 {
        let _ = write!(
            out,
            r#"<line class="grid" x1="{left}" y1="{0:.1}" x2="{1:.1}" y2="{0:.1}"/><text class="tick" x="{2:.1}" y="{3:.1}" text-anchor="end">{4}</text>"#,
            y(v),
            left + w,
            left - 6.0,
            y(v) + 4.0,
            esc(&crate::web::i18n::decimal(v, lang))
        );
        v += y_step;
    }
    let mut d = String::new();
    for (n, (t, watts)) in finite.iter().enumerate() {
        let _ = write!(
            d,
            "{}{:.1} {:.1}",
            if n == 0 { "M" } else { "L" },
            x(*t),
            y(*watts)
        );
    }
    let _ = write!(out, r#"<path class="power" d="{d}"/>"#);
    axis_names(&mut out, (left, top, w, h), x_unit, y_unit);
    out.push_str("</svg>");
    out
}

/// The names of a plot's two axes: under it, and turned along its left side.
fn axis_names(out: &mut String, (left, top, w, h): (f64, f64, f64, f64), x: &str, y: &str) {
    let _ = write!(
        out,
        r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text><text class="axis" x="12" y="{:.1}" text-anchor="middle" transform="rotate(-90 12 {:.1})">{}</text>"#,
        left + w / 2.0,
        top + h + 38.0,
        esc(x),
        top + h / 2.0,
        top + h / 2.0,
        esc(y)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_power_timeline_is_a_line_with_its_run_shaded() {
        let points: Vec<(f64, f64)> = (-100..=150)
            .map(|i| {
                let t = f64::from(i) / 10.0;
                (
                    t,
                    if (0.0..=10.0).contains(&t) {
                        250.0
                    } else {
                        60.0
                    },
                )
            })
            .collect();
        let svg = timeline(
            "p",
            "Power <&>",
            "desc",
            ("s", "W"),
            &points,
            10.0,
            Lang::Nl,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Power &lt;&amp;&gt;"));
        assert_eq!(svg.matches(r#"<path class="power""#).count(), 1);
        let d = svg
            .split(r#"class="power" d=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(d.matches('L').count(), points.len() - 1);
        assert!(svg.contains(r#"<rect class="run""#));
        assert!(
            svg.contains(">250<") || svg.contains(">300<"),
            "a watt tick near the top"
        );
        assert!(timeline("p", "t", "d", ("s", "W"), &points[..1], 1.0, Lang::En).is_empty());
        assert!(
            timeline(
                "p",
                "t",
                "d",
                ("s", "W"),
                &[(0.0, f64::NAN), (1.0, 2.0)],
                1.0,
                Lang::En
            )
            .is_empty()
        );
    }

    #[test]
    fn labels_are_escaped_and_text_alternative_present() {
        let svg = ranges(
            "c",
            "Title <b>",
            "Desc & more",
            "Wh",
            &[("<script>".into(), 1.0, 2.0, 3.0)],
            Lang::En,
        );
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains(r#"<title id="c-t">Title &lt;b&gt;</title>"#));
        assert!(svg.contains(r#"<desc id="c-d">Desc &amp; more</desc>"#));
        assert!(svg.contains(r#"role="img""#));
    }

    #[test]
    fn a_frontier_is_drawn_through_its_points_and_the_rest_hollow() {
        let points = [
            ("fast".to_string(), 1.0, 100.0),
            ("beaten".to_string(), 10.0, 100.0),
            ("frugal".to_string(), 10.0, 1.0),
        ];
        let svg = scatter("p", "t", "d", ("s", "Wh"), &points, &[0, 2], Lang::En);
        assert_eq!(svg.matches(r#"class="frontier""#).count(), 1);
        assert_eq!(svg.matches(r#"class="dot hollow""#).count(), 1);
        assert!(svg.contains(r#"class="dot hollow" cx="700""#), "{svg}");
    }

    #[test]
    fn log_axis_places_decades_evenly() {
        let axis = LogAxis::over([2.0, 300.0].into_iter()).unwrap();
        assert_eq!((axis.lo, axis.hi), (1.0, 1000.0));
        assert!((axis.at(10.0) - 1.0 / 3.0).abs() < 1e-9);
        assert!((axis.at(100.0) - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(axis.decades().len(), 4);
    }

    #[test]
    fn decades_read_plainly() {
        assert_eq!(decade(0.1, Lang::En), "0.1");
        assert_eq!(decade(0.1, Lang::Nl), "0,1");
        assert_eq!(decade(1000.0, Lang::En), "1000");
    }

    #[test]
    fn no_positive_values_no_chart() {
        assert!(ranges("c", "t", "d", "u", &[("a".into(), 0.0, 0.0, 0.0)], Lang::En).is_empty());
        assert!(scatter("c", "t", "d", ("x", "y"), &[], &[], Lang::En).is_empty());
    }

    #[test]
    fn a_row_of_many_values_is_binned_not_drawn_dot_by_dot() {
        let many: Vec<(f64, bool)> = (0..100_000)
            .map(|i| (1.0 + (i % 997) as f64, false))
            .collect();
        let few: Vec<(f64, bool)> = (0..40).map(|i| (2.0 + i as f64, true)).collect();
        let svg = strip(
            "s",
            "t",
            "d",
            "Wh",
            &[("A100".into(), many), ("H100".into(), few)],
            Lang::Nl,
        );
        assert_eq!(
            svg.matches("<circle").count(),
            40,
            "the small row keeps its dots"
        );
        let bins = svg.matches(r#"<rect class="bin""#).count();
        assert!((1..=STRIP_BINS).contains(&bins), "{bins} bins");
        assert!(svg.len() < 40_000, "{} bytes", svg.len());
        // Each bar says how many it stands for; together they are every value.
        let counted: usize = svg
            .split("Metingen in dit bereik: ")
            .skip(1)
            .map(|s| {
                s.split('<')
                    .next()
                    .unwrap()
                    .replace('.', "")
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        assert_eq!(counted, 100_000);
    }
}
