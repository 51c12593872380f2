//! Work done, as the workload reports it: the meter passes a file's path in
//! `GREENAI_METER_WORK`; the workload writes `{"queries": 100, "output_tokens": 51234}`
//! there (either may be left out). What the person gave on the command line wins.

use energy_model::Text;
use std::path::Path;

pub const VARIABLE: &str = "GREENAI_METER_WORK";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct Work {
    pub queries: Option<u64>,
    pub output_tokens: Option<u64>,
}

/// Reads the work file, if the workload wrote one; a file that is not such JSON is an error
/// that says what was expected.
pub fn read(path: &Path) -> Result<Work, Text> {
    let p = path.display();
    match std::fs::read_to_string(path) {
        Ok(text) if text.trim().is_empty() => Ok(Work::default()),
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            Text::new(
                format!("{p} should hold {{\"queries\": N, \"output_tokens\": N}} (whole numbers): {e}"),
                format!("{p} hoort {{\"queries\": N, \"output_tokens\": N}} te bevatten (hele getallen): {e}"),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Work::default()),
        Err(e) => Err(Text::new(format!("{p}: {e}"), format!("{p}: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_work_file_is_optional_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("work.json");
        assert_eq!(read(&path), Ok(Work::default()));
        std::fs::write(&path, r#"{"queries": 100, "output_tokens": 5120}"#).unwrap();
        assert_eq!(
            read(&path),
            Ok(Work {
                queries: Some(100),
                output_tokens: Some(5120)
            })
        );
        std::fs::write(&path, r#"{"queries": -1}"#).unwrap();
        assert!(read(&path).unwrap_err().en.contains("whole numbers"));
        assert!(read(&path).unwrap_err().nl.contains("hele getallen"));
    }
}
