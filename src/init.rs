//! `baogao init DIR`: a new archive folder that builds at once — a
//! commented `baogao.toml`, a `.gitignore` for what builds write, and
//! `content/` with one sample report. The
//! templates and static files are built into the binary, so nothing else is
//! needed.

use std::fs;
use std::path::{Path, PathBuf};

/// The configuration written by `init`: every key, commented.
pub const CONFIG: &str = include_str!("../assets/init/baogao.toml");
/// A `.gitignore` that keeps what `baogao build` writes out of the
/// archive's repository: the site, and its staging folder beside it
/// while a build runs. Stored without its dot, which packaging tools would skip.
pub const GITIGNORE: (&str, &str) = (".gitignore", include_str!("../assets/init/gitignore"));
/// The sample report's path under the new folder, and its text.
pub const SAMPLE: (&str, &str) = (
    "content/2023-shili-xian.txt",
    include_str!("../assets/init/content/2023-shili-xian.txt"),
);

/// Creates `dir` (or fills it, if it is an empty folder) and returns the
/// files written. Refuses a folder that holds anything: `init` never
/// overwrites.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(format!(
                    "{} already exists and is not empty; `init` only creates new archives",
                    dir.display()
                ));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(format!("{} exists and is not a folder", dir.display()))
        }
        Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
    }
    let files = [(crate::config::DEFAULT_FILE, CONFIG), GITIGNORE, SAMPLE];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_config_parses_and_so_does_every_commented_setting() {
        Config::parse("baogao.toml", CONFIG).unwrap();
        // `#key = …` and `#[table]` are settings left at their default;
        // `# text` is prose.
        let uncommented: String = CONFIG
            .lines()
            .map(|l| match l.strip_prefix('#') {
                Some(rest) if !rest.starts_with(' ') && !rest.is_empty() => rest,
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let c = Config::parse("baogao.toml", &uncommented).unwrap();
        assert_eq!(
            c.site.base_url.as_deref(),
            Some("https://example.org/reports/")
        );
        assert_eq!(c.taxonomy.topics.len(), 1);
        assert_eq!(c.output.as_deref(), Some(Path::new("public")));
    }

    #[test]
    fn refuses_a_folder_with_anything_in_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert!(init(dir.path()).unwrap_err().contains("not empty"));
        assert_eq!(
            fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(init(empty.path()).unwrap().len(), 3);
    }
}
