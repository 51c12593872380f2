//! Ranking statistics: robust summaries of a model's measurements, outlier detection and
//! 1–5 efficiency stars by the AI Energy Score rule.

use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// Robust summary of one group of values (energy per functional unit).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub count: usize,
    pub median: f64,
    /// First quartile (25th percentile).
    pub q1: f64,
    /// Third quartile (75th percentile).
    pub q3: f64,
    pub min: f64,
    pub max: f64,
}

impl Summary {
    /// Summarises finite values; non-finite ones are ignored. `None` when none are left.
    pub fn of(values: &[f64]) -> Option<Summary> {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        Some(Summary {
            count: v.len(),
            median: quantile_sorted(&v, 0.5),
            q1: quantile_sorted(&v, 0.25),
            q3: quantile_sorted(&v, 0.75),
            min: v[0],
            max: v[v.len() - 1],
        })
    }

    /// Summarises values sent in contributions (see [`per_contribution`]): the median, middle
    /// half and range over one figure per contribution, the count over every finite value.
    pub fn of_contributions<K: Hash + Eq>(
        values: impl IntoIterator<Item = (K, f64)>,
    ) -> Option<Summary> {
        let values: Vec<(K, f64)> = values.into_iter().filter(|(_, v)| v.is_finite()).collect();
        let count = values.len();
        let mut summary = Summary::of(&per_contribution(values))?;
        summary.count = count;
        Some(summary)
    }

    /// Interquartile range, q3 − q1.
    pub fn iqr(&self) -> f64 {
        self.q3 - self.q1
    }
}

/// The q-quantile of sorted values by linear interpolation between closest ranks (the
/// default of NumPy and R, "type 7").
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let lo = pos.floor() as usize;
            let hi = pos.ceil() as usize;
            sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
        }
    }
}

/// The median of values (non-finite ignored), `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    Summary::of(values).map(|s| s.median)
}

/// The figures a board line is summarised from, one per contribution. Runs sent together
/// (one upload) are one contribution and count once, with their median; a measurement sent
/// alone is a contribution of its own. So one member's upload of 100,000 runs weighs as much
/// in a line's median and middle half as any other single contribution, and cannot set them.
/// Non-finite values are ignored; a contribution with none left is dropped.
pub fn per_contribution<K: Hash + Eq>(values: impl IntoIterator<Item = (K, f64)>) -> Vec<f64> {
    let mut groups: HashMap<K, Vec<f64>> = HashMap::new();
    for (key, value) in values {
        groups.entry(key).or_default().push(value);
    }
    let mut figures: Vec<f64> = groups.into_values().filter_map(|v| median(&v)).collect();
    figures.sort_by(f64::total_cmp);
    figures
}

/// How many distinct submitters a group has.
pub fn distinct<T: Hash + Eq>(submitters: impl IntoIterator<Item = T>) -> usize {
    submitters.into_iter().collect::<HashSet<T>>().len()
}

/// Threshold of the modified z-score above which a value is an outlier (Iglewicz and
/// Hoaglin, 1993: "How to Detect and Handle Outliers").
pub const OUTLIER_Z: f64 = 3.5;

/// For each value, whether it is an outlier by the modified z-score
/// 0.6745 × |x − median| / MAD > 3.5, where MAD is the median absolute deviation. With fewer
/// than three values, or a MAD of zero, nothing is called an outlier: there is no spread to
/// judge by.
pub fn outliers(values: &[f64]) -> Vec<bool> {
    let finite: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let (Some(med), true) = (median(&finite), finite.len() >= 3) else {
        return values.iter().map(|x| !x.is_finite()).collect();
    };
    let deviations: Vec<f64> = finite.iter().map(|x| (x - med).abs()).collect();
    let mad = median(&deviations).unwrap_or(0.0);
    values
        .iter()
        .map(|x| {
            if !x.is_finite() {
                true
            } else if mad == 0.0 {
                false
            } else {
                0.6745 * (x - med).abs() / mad > OUTLIER_Z
            }
        })
        .collect()
}

/// 1–5 efficiency stars by the AI Energy Score rule: within one group (task × size class ×
/// edition) the range [min, max] is cut into five equal bands, and
/// stars = clamp(5 − floor((E − min) / ((max − min) / 5)), 1, 5). Lower energy, more stars.
/// A group whose values are all equal gets five stars each.
pub fn stars(energy: f64, min: f64, max: f64) -> u8 {
    if !(energy.is_finite() && min.is_finite() && max.is_finite()) || max <= min {
        return 5;
    }
    let band = (max - min) / 5.0;
    let raw = 5.0 - ((energy - min) / band).floor();
    raw.clamp(1.0, 5.0) as u8
}

/// Stars for every value of one group.
pub fn star_ratings(values: &[f64]) -> Vec<u8> {
    let Some(s) = Summary::of(values) else {
        return vec![5; values.len()];
    };
    values.iter().map(|&e| stars(e, s.min, s.max)).collect()
}

/// A model's size class as AI Energy Score defines it for text generation, by total
/// parameters: A under 20 B, B from 20 B to 66 B, C above.
pub fn size_class(params_billions: f64) -> char {
    if params_billions < 20.0 {
        'A'
    } else if params_billions <= 66.0 {
        'B'
    } else {
        'C'
    }
}

/// The size class a model's stars are computed in on a board of `task`: AI Energy Score rates
/// text generation and reasoning models within their size class (the one a publisher gave,
/// else the parameter count's), every other task as one group. A model of unknown size has
/// none: it is rated against its whole board, not split off into a class of its own.
pub fn star_class(
    task: crate::Task,
    published: Option<char>,
    params_billions: Option<f64>,
) -> Option<char> {
    if !task.sized() {
        return None;
    }
    published
        .filter(|c| matches!(c, 'A' | 'B' | 'C'))
        .or(params_billions
            .filter(|p| p.is_finite() && *p > 0.0)
            .map(size_class))
}

/// Stars for a board's medians, each with its [`star_class`] and its group beyond the class
/// (the device): five bands within each class × group, and for a model without a class,
/// within its whole group.
pub fn board_stars<G: Ord + Clone>(entries: &[(Option<char>, G, f64)]) -> Vec<u8> {
    use std::collections::BTreeMap;
    let mut bounds: BTreeMap<(Option<char>, G), (f64, f64)> = BTreeMap::new();
    for (class, group, median) in entries {
        for key in [(*class, group.clone()), (None, group.clone())] {
            let b = bounds.entry(key).or_insert((*median, *median));
            b.0 = b.0.min(*median);
            b.1 = b.1.max(*median);
        }
    }
    entries
        .iter()
        .map(|(class, group, median)| {
            let (min, max) = bounds[&(*class, group.clone())];
            stars(*median, min, max)
        })
        .collect()
}

/// What the data says of a claim that side `a` uses less energy than side `b`.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub a: Summary,
    pub b: Summary,
    /// The change from b's median to a's, in percent (−50: a uses half).
    pub change_percent: f64,
    /// The medians point the claimed way (a's below b's).
    pub supported: bool,
}

/// Compares two sets of figures by their medians; `None` when either side has none.
pub fn compare(a: &[f64], b: &[f64]) -> Option<Comparison> {
    let (a, b) = (Summary::of(a)?, Summary::of(b)?);
    Some(Comparison {
        change_percent: (a.median - b.median) / b.median * 100.0,
        supported: a.median < b.median,
        a,
        b,
    })
}

/// The Pareto frontier of (time, energy) points where less of both is better: the indices of
/// the points no other point beats on both (at least as fast and as frugal, better in one),
/// ordered from fastest to slowest. Points with a non-finite coordinate are never on it.
pub fn pareto_frontier(points: &[(f64, f64)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..points.len())
        .filter(|&i| points[i].0.is_finite() && points[i].1.is_finite())
        .collect();
    order.sort_by(|&a, &b| {
        points[a]
            .0
            .total_cmp(&points[b].0)
            .then(points[a].1.total_cmp(&points[b].1))
    });
    let mut frontier = Vec::new();
    let mut best = f64::INFINITY;
    for i in order {
        // Sorted by time, then energy: a point is on the frontier when it uses less energy
        // than every faster one (an equal point behind it is beaten by it).
        if points[i].1 < best {
            best = points[i].1;
            frontier.push(i);
        }
    }
    frontier
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_comparison_states_medians_change_and_direction() {
        // int8 runs 2, 3, 4 (median 3) against fp16 runs 5, 6 (median 5.5): 45.45 % less.
        let c = compare(&[2.0, 3.0, 4.0], &[5.0, 6.0]).unwrap();
        assert_eq!(
            (c.a.median, c.b.median, c.a.count, c.b.count),
            (3.0, 5.5, 3, 2)
        );
        assert!((c.change_percent + 45.454545).abs() < 1e-4);
        assert!(c.supported);
        let against = compare(&[6.0], &[5.0]).unwrap();
        assert!(!against.supported && (against.change_percent - 20.0).abs() < 1e-9);
        assert!(compare(&[], &[1.0]).is_none());
    }

    #[test]
    fn pareto_frontier_keeps_what_nothing_beats_on_both() {
        // (seconds, Wh): a fast and hungry, b slower and frugal, c beaten by b on both,
        // d slowest and most frugal, e equal to b on time but hungrier, f not finite.
        let points = [
            (0.5, 10.0),
            (1.0, 4.0),
            (2.0, 5.0),
            (3.0, 1.0),
            (1.0, 6.0),
            (f64::NAN, 0.1),
        ];
        assert_eq!(pareto_frontier(&points), vec![0, 1, 3]);
        assert!(pareto_frontier(&[]).is_empty());
    }

    #[test]
    fn hand_computed_summary() {
        let s = Summary::of(&[4.0, 1.0, 3.0, 2.0, 100.0]).expect("values");
        assert_eq!(s.count, 5);
        assert_eq!(s.median, 3.0);
        assert_eq!(s.q1, 2.0);
        assert_eq!(s.q3, 4.0);
        assert_eq!(s.iqr(), 2.0);
        assert_eq!((s.min, s.max), (1.0, 100.0));
        let even = Summary::of(&[1.0, 2.0, 3.0, 4.0]).expect("values");
        assert_eq!(even.median, 2.5);
        assert_eq!(even.q1, 1.75);
        assert_eq!(Summary::of(&[]), None);
        assert_eq!(Summary::of(&[f64::NAN]), None);
        assert_eq!(median(&[7.0]), Some(7.0));
    }

    #[test]
    fn outliers_by_mad() {
        let flags = outliers(&[1.0, 1.1, 0.9, 1.05, 0.95, 40.0]);
        assert_eq!(flags, vec![false, false, false, false, false, true]);
        assert_eq!(outliers(&[1.0, 50.0]), vec![false, false]);
        assert_eq!(outliers(&[2.0, 2.0, 2.0, 9.0]), vec![false; 4]);
        assert_eq!(
            outliers(&[1.0, 1.0, f64::NAN, 1.2]),
            vec![false, false, true, false]
        );
    }

    #[test]
    fn distinct_submitters() {
        assert_eq!(distinct(["ann", "bob", "ann"]), 2);
        assert_eq!(distinct(Vec::<u32>::new()), 0);
    }

    #[test]
    fn stars_follow_the_bands() {
        assert_eq!(stars(0.0, 0.0, 10.0), 5);
        assert_eq!(stars(1.99, 0.0, 10.0), 5);
        assert_eq!(stars(2.0, 0.0, 10.0), 4);
        assert_eq!(stars(9.99, 0.0, 10.0), 1);
        assert_eq!(stars(10.0, 0.0, 10.0), 1);
        assert_eq!(stars(3.0, 3.0, 3.0), 5);
        assert_eq!(star_ratings(&[1.0, 5.0, 9.0]), vec![5, 3, 1]);
        assert_eq!(size_class(7.0), 'A');
        assert_eq!(size_class(32.0), 'B');
        assert_eq!(size_class(70.0), 'C');
        use crate::Task;
        assert_eq!(
            star_class(Task::TextGeneration, Some('B'), Some(7.0)),
            Some('B')
        );
        assert_eq!(star_class(Task::Reasoning, None, Some(70.0)), Some('C'));
        assert_eq!(star_class(Task::TextGeneration, None, None), None);
        assert_eq!(
            star_class(Task::ImageClassification, Some('A'), Some(0.1)),
            None
        );
        // A, A and an unknown size: the unknown one is rated within all three.
        let stars = board_stars(&[(Some('A'), 0, 1.0), (Some('A'), 0, 2.0), (None, 0, 11.0)]);
        assert_eq!(stars, [5, 1, 1]);
        let stars = board_stars(&[(Some('A'), 0, 1.0), (Some('B'), 0, 20.0), (None, 0, 2.0)]);
        assert_eq!(stars, [5, 5, 5]);
    }

    proptest! {
        #[test]
        fn summary_is_ordered(values in prop::collection::vec(-1e9f64..1e9, 1..200)) {
            let s = Summary::of(&values).expect("non-empty");
            prop_assert!(s.min <= s.q1 && s.q1 <= s.median && s.median <= s.q3 && s.q3 <= s.max);
            prop_assert!(s.iqr() >= 0.0);
        }

        #[test]
        fn stars_are_one_to_five(values in prop::collection::vec(0.0f64..1e6, 1..100)) {
            for s in star_ratings(&values) {
                prop_assert!((1..=5).contains(&s));
            }
        }
    }

    #[test]
    fn an_upload_counts_once_however_many_runs_it_has() {
        // 100,000 runs of one upload at 10, and three single measurements near 2.
        let mut values: Vec<(u32, f64)> = (0..100_000).map(|_| (0, 10.0)).collect();
        values.extend([(1, 1.9), (2, 2.0), (3, 2.2)]);
        let figures = per_contribution(values);
        assert_eq!(figures, vec![1.9, 2.0, 2.2, 10.0]);
        assert_eq!(median(&figures), Some(2.1));
        let s = Summary::of_contributions([(0, 10.0), (0, 10.0), (0, 10.0), (1, 2.0), (2, 3.0)]);
        assert_eq!(s.map(|s| (s.count, s.median)), Some((5, 3.0)));
        // An upload's own spread collapses to its median; NaN is ignored.
        assert_eq!(
            per_contribution([("a", 1.0), ("a", 3.0), ("a", f64::NAN), ("b", f64::NAN)]),
            vec![2.0]
        );
    }
}

/// Bins per decade of [`log_bins`].
pub const LOG_BINS_PER_DECADE: i32 = 25;

/// Counts of positive finite values in bins of 1/[`LOG_BINS_PER_DECADE`] decade: bin `i`
/// of the result counts the values in `[10^((from+i)/25), 10^((from+i+1)/25))`. Returns
/// `(from, counts)`; `(0, [])` when there are no such values. (A histogram that strip plots
/// draw without reading the values again.)
pub fn log_bins(values: impl IntoIterator<Item = f64>) -> (i32, Vec<i32>) {
    let index = |v: f64| (v.log10() * LOG_BINS_PER_DECADE as f64).floor() as i32;
    let at: Vec<i32> = values
        .into_iter()
        .filter(|v| v.is_finite() && *v > 0.0)
        .map(index)
        .collect();
    let (Some(&from), Some(&to)) = (at.iter().min(), at.iter().max()) else {
        return (0, Vec::new());
    };
    let mut counts = vec![0; (to - from + 1) as usize];
    for i in at {
        counts[(i - from) as usize] += 1;
    }
    (from, counts)
}

/// The value range `[lo, hi)` of bin `index` of [`log_bins`] (`from + i`).
pub fn log_bin_range(index: i32) -> (f64, f64) {
    let per = LOG_BINS_PER_DECADE as f64;
    (
        10f64.powf(index as f64 / per),
        10f64.powf((index + 1) as f64 / per),
    )
}

#[cfg(test)]
mod log_bin_tests {
    use super::*;

    #[test]
    fn log_bins_count_each_value_once_in_its_bin() {
        let (from, counts) = log_bins([1.0, 1.05, 10.0, 0.0, -3.0, f64::NAN, 99.0]);
        assert_eq!(from, 0);
        assert_eq!(counts.iter().sum::<i32>(), 4);
        assert_eq!(counts[0], 2, "1 and 1.05 share the first bin");
        assert_eq!(counts[25], 1, "10 starts the second decade");
        assert_eq!(counts.len(), 50, "99 is in the last bin below 100");
        let (lo, hi) = log_bin_range(25);
        assert!((lo - 10.0).abs() < 1e-9 && hi > 10.0 && hi < 11.0);
        assert_eq!(log_bins(std::iter::empty()), (0, vec![]));
    }
}
