//! Figures and dates as pages show them.

use crate::web::i18n::Lang;
use time::OffsetDateTime;

/// A moment as pages show it: "2026-11-27 16:05 UTC".
pub fn date(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// A parameter count in billions as shown: "235 B", "8.0 B" (or "8,0 B" in Dutch).
pub fn billions(v: f64, lang: Lang) -> String {
    let s = if v >= 10.0 {
        format!("{v:.0} B")
    } else {
        format!("{v:.1} B")
    };
    if lang == Lang::Nl {
        s.replace('.', ",")
    } else {
        s
    }
}
