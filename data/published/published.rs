// The published files in `data/published/`, for tests and benchmarks of every crate in the
// workspace (`include!`d, so there is one copy of this). A file stored compressed
// (`NAME.gz`) is read decompressed under its plain name.

/// The folder of the published files in this repository.
#[allow(dead_code)]
pub fn published_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("data/published"))
        .find(|p| p.join("README.md").is_file())
        .expect("data/published is part of the repository")
}

/// The bytes of a published file, by its path under `data/published/` (`.gz` read through).
#[allow(dead_code)]
pub fn published(rel: &str) -> Vec<u8> {
    use std::io::Read;
    let path = published_dir().join(rel);
    if let Ok(bytes) = std::fs::read(&path) {
        return bytes;
    }
    let gz = path.with_file_name(format!(
        "{}.gz",
        path.file_name().and_then(|n| n.to_str()).unwrap_or_default()
    ));
    let file = std::fs::File::open(&gz).unwrap_or_else(|e| panic!("{}: {e}", gz.display()));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: {e}", gz.display()));
    out
}
