//! Discover: find the report files under the content folder.
//!
//! Owns: walking the tree, choosing which files are reports, their relative
//! paths and default slugs. Must not read file contents.

use crate::model::{Diagnostic, SourceFile, SourceFormat};
use std::path::Path;
use walkdir::WalkDir;

/// Finds every `.txt` and `.md` file under `root`, sorted by relative path so
/// that the build does not depend on the order the file system lists them.
///
/// Hidden files and folders (`.git`, `.DS_Store`) and editor leftovers
/// (`foo.txt~`, `#foo.txt#`, `.foo.txt.swp`) are skipped. Symbolic links are
/// not followed: a link could lead out of the content folder or into a loop.
/// A skipped link is reported as a warning so that nothing goes missing
/// without a word.
pub(crate) fn discover(root: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    if !root.is_dir() {
        diagnostics.push(
            Diagnostic::error(root.display().to_string(), "content folder not found")
                .help("pass the folder that holds the reports with --content DIR"),
        );
        return (files, diagnostics);
    }
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| p.display().to_string());
                diagnostics.push(Diagnostic::warning(
                    path.unwrap_or_else(|| root.display().to_string()),
                    format!("cannot read this part of the content folder: {err}"),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        let Some(format) = report_format(&name) else {
            continue;
        };
        let rel_path = relative_path(root, entry.path());
        if entry.path_is_symlink() {
            diagnostics.push(
                Diagnostic::warning(rel_path, "symbolic link skipped")
                    .help("copy the report into the content folder instead of linking to it"),
            );
            continue;
        }
        if entry.file_type().is_file() {
            files.push(SourceFile {
                path: entry.path().to_path_buf(),
                rel_path,
                format,
            });
        }
    }
    files.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    (files, diagnostics)
}

/// Dot-files and dot-folders are private to tools (`.git`, `.obsidian`) or
/// editors (`.foo.swp`), never reports.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// Names no tool of baogao reads (in the content folder, `templates/`,
/// `static/`) or watches: hidden files and folders and editor leftovers
/// (`a.txt~`, `#a.txt#`, `.a.txt.swp`).
pub(crate) fn is_ignored_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    is_hidden(&name) || name.ends_with('~') || name.starts_with('#')
}

/// The format of a report file, or `None` for files that are not reports.
/// Editor backups (`a.txt~`, `#a.txt#`) end in something other than the
/// extension, so checking the extension alone already leaves them out; Emacs
/// lock files (`.#a.txt`) are hidden files.
fn report_format(name: &str) -> Option<SourceFormat> {
    if name.starts_with('#') {
        return None;
    }
    let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" => Some(SourceFormat::Text),
        "md" | "markdown" => Some(SourceFormat::Markdown),
        _ => None,
    }
}

fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The slug a report gets from its path: the path without extension, made
/// URL-safe by [`sanitize_slug`].
pub(crate) fn default_slug(rel_path: &str) -> String {
    let without_ext = match rel_path.rfind('.') {
        Some(dot) if dot > rel_path.rfind('/').map_or(0, |s| s + 1) => &rel_path[..dot],
        _ => rel_path,
    };
    sanitize_slug(without_ext)
}

/// File systems take 255 bytes per file name; a slug is cut to this many,
/// which leaves room for what follows it (`-2`, `.json.gz`). Two long names
/// cut to the same slug are told apart like any two equal slugs.
const MAX_SLUG_BYTES: usize = 120;

/// Makes a slug safe to use as one file name and one URL path segment:
/// lower-case ASCII letters, digits and Han characters are kept, everything
/// else (slashes, dots, spaces, quotes) becomes `-`, runs of `-` collapse.
/// The result can never be empty, start with a dot or leave its folder.
pub(crate) fn sanitize_slug(raw: &str) -> String {
    let mut slug = String::with_capacity(raw.len());
    for c in raw.chars().flat_map(char::to_lowercase) {
        let keep = c.is_ascii_alphanumeric() || c == '_' || is_han(c);
        if keep {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_matches('-');
    if slug.len() > MAX_SLUG_BYTES {
        let mut cut = MAX_SLUG_BYTES;
        while !slug.is_char_boundary(cut) {
            cut -= 1;
        }
        slug = slug[..cut].trim_end_matches('-');
    }
    if slug.is_empty() {
        "report".to_owned()
    } else {
        slug.to_owned()
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn finds_reports_sorted_and_skips_hidden_and_backups() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/.git")).unwrap();
        for name in [
            "b/2.txt",
            "a.md",
            "c.TXT",
            "notes.pdf",
            "a.txt~",
            "#a.txt#",
            ".hidden.txt",
            "b/.git/x.txt",
        ] {
            fs::write(root.join(name), "x").unwrap();
        }
        let (files, diags) = discover(root);
        let names: Vec<_> = files.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(names, ["a.md", "b/2.txt", "c.TXT"]);
        assert!(diags.is_empty());
        assert_eq!(files[0].format, SourceFormat::Markdown);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_skipped_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.txt"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("l.txt"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let (files, diags) = discover(dir.path());
        assert!(files.is_empty());
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("symbolic link"));
    }

    #[test]
    fn missing_content_folder_is_an_error() {
        let (_, diags) = discover(Path::new("/no/such/folder"));
        assert_eq!(diags[0].severity, crate::model::Severity::Error);
    }

    #[test]
    fn slugs_cannot_escape_or_be_empty() {
        assert_eq!(default_slug("2022-jiyuan.txt"), "2022-jiyuan");
        assert_eq!(default_slug("sub/dir/Report One.md"), "sub-dir-report-one");
        assert_eq!(default_slug("v1.2/a"), "v1-2-a");
        assert_eq!(sanitize_slug("../../etc"), "etc");
        assert_eq!(sanitize_slug("/abs"), "abs");
        assert_eq!(sanitize_slug("a/../../b"), "a-b");
        assert_eq!(sanitize_slug("...."), "report");
        assert_eq!(sanitize_slug("济源 “2022”"), "济源-2022");
        let long = sanitize_slug(&"法".repeat(200));
        assert_eq!(long, "法".repeat(40), "cut to 120 bytes at a character");
        assert_eq!(
            sanitize_slug(&format!("{}-b", "a".repeat(119))),
            "a".repeat(119)
        );
    }
}
