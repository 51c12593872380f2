//! How device names are compared: the model tokens and memory tokens of a name as vendors,
//! tables and tools write it. `Intel(R) Core(TM) i7-7700K CPU @ 4.20GHz`, `Intel Core
//! i7-7700K` and `i7-7700K` share the tokens `core i7 7700k` (the brand words and the clock
//! drop out); NVML's `Laptop GPU` is TechPowerUp's `Mobile`; `AMD Ryzen 9 7950X 16-Core
//! Processor` loses its core count.

/// Words that name a vendor, a product family or the kind of device rather than the model:
/// left out, so `NVIDIA GeForce RTX 3060` and `RTX 3060` are one name.
const STOP_WORDS: &[&str] = &[
    "nvidia",
    "tesla",
    "geforce",
    "amd",
    "radeon",
    "intel",
    "apple",
    "google",
    "cloud",
    "aws",
    "habana",
    "r",
    "tm",
    "cpu",
    "gpu",
    "processor",
    "chip",
    "corporation",
    "graphics",
    "with",
];

/// Model tokens and memory tokens (`32gb`, `hbm3`) of a device name, lower-case.
pub(super) fn tokens(name: &str) -> (Vec<String>, Vec<String>) {
    let lower = name.to_lowercase();
    let before_clock = lower.split('@').next().unwrap_or("");
    let raw: Vec<&str> = before_clock
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let mut main = Vec::new();
    let mut memory = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let t = raw[i];
        let next = raw.get(i + 1).copied();
        let is_number = t.chars().all(|c| c.is_ascii_digit());
        if is_number && matches!(next, Some("gb" | "g")) {
            memory.push(format!("{t}gb"));
            i += 2;
            continue;
        }
        // "16-Core Processor", "8 Core": how many cores, not which model.
        if is_number && matches!(next, Some("core" | "cores")) && i > 0 {
            i += 2;
            continue;
        }
        let memory_like = t
            .strip_suffix("gb")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            || t.starts_with("hbm")
            || t.starts_with("gddr")
            || t.starts_with("lpddr");
        if memory_like {
            memory.push(t.to_string());
        } else if t == "laptop" {
            // NVML says "Laptop GPU" where TechPowerUp says "Mobile".
            main.push("mobile".to_string());
        } else if !STOP_WORDS.contains(&t) {
            main.push(t.to_string());
        }
        i += 1;
    }
    main.dedup();
    (main, memory)
}

/// Identity of a device name: model and memory tokens, so the 40 GB and 80 GB parts differ.
pub(super) fn concatenated_key(name: &str) -> String {
    let (main, memory) = tokens(name);
    if main.is_empty() {
        return String::new();
    }
    main.join(" ") + "|" + &memory.join(" ")
}

/// Splits `4 x NAME` into `(Some(4), "NAME")`; a name without a count is `(None, name)`.
pub fn split_count(typed: &str) -> (Option<u32>, &str) {
    let s = typed.trim();
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 6 {
        let rest = s[digits..].trim_start();
        for sep in ['x', 'X', '×', '*'] {
            if let Some(name) = rest.strip_prefix(sep)
                && (name.starts_with(char::is_whitespace) || sep != 'x' && sep != 'X')
            {
                return (s[..digits].parse().ok(), name.trim());
            }
        }
    }
    (None, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn main(name: &str) -> Vec<String> {
        tokens(name).0
    }

    #[test]
    fn vendor_spellings_meet() {
        assert_eq!(
            main("Intel(R) Core(TM) i7-7700K CPU @ 4.20GHz"),
            main("Intel Core i7-7700K")
        );
        assert_eq!(
            main("AMD Ryzen 9 7950X 16-Core Processor"),
            main("AMD Ryzen 9 7950X")
        );
        assert_eq!(
            main("NVIDIA GeForce RTX 3060 Laptop GPU"),
            main("GeForce RTX 3060 Mobile")
        );
        assert_eq!(main("AMD Instinct MI300X"), main("Radeon Instinct MI300X"));
        assert_eq!(main("Google TPU v5e"), ["tpu", "v5e"]);
        assert_eq!(tokens("Tesla V100-PCIE-32GB").1, ["32gb"]);
        assert_eq!(tokens("Jetson Orin Nano 8 GB").1, ["8gb"]);
    }

    #[test]
    fn counts_split_off() {
        assert_eq!(split_count("8 x H100"), (Some(8), "H100"));
        assert_eq!(split_count("2×A100"), (Some(2), "A100"));
        assert_eq!(split_count("1080 Ti"), (None, "1080 Ti"));
        assert_eq!(split_count("4xA100"), (None, "4xA100"));
    }
}
