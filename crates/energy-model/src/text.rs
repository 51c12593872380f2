//! What text people type may hold: the one rule every way in applies (forms, the JSON API,
//! uploads' fields, addresses), so nothing that cannot be shown, stored or put in a feed
//! reaches the database.

/// Characters no text people type contains: C0 and C1 controls but tab and line breaks, and
/// Unicode's noncharacters (U+FFFE, U+FFFF and the others), which XML 1.0 — and so an Atom
/// feed — cannot carry.
pub fn has_control_characters(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_noncharacter(c))
}

/// U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, …).
fn is_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || (n & 0xFFFE) == 0xFFFE
}

/// Where in a JSON document (keys and strings, at any depth) a text holds such a character
/// (JSON can write them as `\u0000`): the path of the first, such as `meter.errors[2]`, or
/// `""` for the document itself (or a key, which cannot be shown).
pub fn json_control_characters_at(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => has_control_characters(s).then(String::new),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            json_control_characters_at(v).map(|inner| format!("[{i}]{}", dotted(&inner)))
        }),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if has_control_characters(k) {
                return Some(String::new());
            }
            json_control_characters_at(v).map(|inner| format!("{k}{}", dotted(&inner)))
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

fn dotted(inner: &str) -> String {
    if inner.is_empty() || inner.starts_with('[') {
        inner.to_string()
    } else {
        format!(".{inner}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_noncharacters_are_refused_and_line_breaks_kept() {
        for bad in [
            "a\0b",
            "\u{1b}[31m",
            "\u{85}",
            "x\u{FFFE}",
            "\u{FFFF}",
            "\u{FDD0}",
            "\u{10FFFF}",
        ] {
            assert!(has_control_characters(bad), "{bad:?}");
        }
        for good in [
            "tab\there",
            "lines\r\nand\n",
            "Ünïcødé 🙂",
            "\u{FFFD}",
            "\u{FDCF}",
        ] {
            assert!(!has_control_characters(good), "{good:?}");
        }
        let doc: serde_json::Value =
            serde_json::from_str(r#"{"a": [1, {"b": "x\u0000"}], "ok": true}"#).unwrap();
        assert_eq!(json_control_characters_at(&doc).as_deref(), Some("a[1].b"));
        let key: serde_json::Value = serde_json::from_str(r#"{"\u0007": 1}"#).unwrap();
        assert_eq!(json_control_characters_at(&key).as_deref(), Some(""));
        assert_eq!(
            json_control_characters_at(&serde_json::json!({"a": ["fine"]})),
            None
        );
    }
}
