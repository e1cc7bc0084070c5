//! `baogao.toml`: the site's settings. Every key is optional; unknown keys
//! and wrong types are errors with file, line and column.
//!
//! ```toml
//! [site]
//! title = "某省法治政府建设年度报告库"
//! base_url = "https://example.org/reports/"
//!
//! [deadline]          # reports are due on this day of the following year
//! month = 4
//! day = 1
//!
//! [[topics]]          # replaces the default taxonomy when given
//! name = "生态环境"
//! keywords = ["生态", "污染", "环保"]
//! ```

use crate::analyse::compliance::DeadlineRule;
use crate::analyse::topics::{Taxonomy, TopicRule};
use crate::model::Diagnostic;
use crate::render::SiteInfo;
use serde::Deserialize;
use std::path::Path;

/// The file looked for in the current folder when no `--config` is given.
pub const DEFAULT_FILE: &str = "baogao.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    site: SiteSection,
    deadline: Option<DeadlineRule>,
    topics: Option<Vec<TopicRule>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteSection {
    title: Option<String>,
    base_url: Option<String>,
}

/// The settings a build uses.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub site: SiteInfo,
    pub taxonomy: Taxonomy,
}

impl Config {
    /// Reads `path`. A missing file is an error only when `required` (it was
    /// named with `--config`); otherwise the defaults apply.
    pub fn load(path: &Path, required: bool) -> Result<Config, Diagnostic> {
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config::default())
            }
            Err(e) => {
                return Err(Diagnostic::error(
                    name,
                    format!("cannot read the configuration: {e}"),
                ))
            }
        };
        Config::parse(&name, &text)
    }

    /// Parses the text of a configuration file named `name`.
    pub fn parse(name: &str, text: &str) -> Result<Config, Diagnostic> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let before = &text[..at.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            Diagnostic::error(
                name,
                format!("invalid configuration: {}", e.message().trim()),
            )
            .at(text, line, column)
            .help("see the README section \"Configuration\" for the keys baogao.toml may set")
        })?;
        let mut site = SiteInfo::default();
        if let Some(title) = file.site.title {
            site.title = title;
        }
        site.base_url = file.site.base_url.map(|u| with_trailing_slash(&u));
        if let Some(deadline) = file.deadline {
            if deadline.for_year(2000).is_none() {
                return Err(Diagnostic::error(
                    name,
                    format!(
                        "[deadline] month {} day {} is not a date",
                        deadline.month, deadline.day
                    ),
                )
                .help("give a month from 1 to 12 and a day that exists in it"));
            }
            site.deadline = deadline;
        }
        let taxonomy = file.topics.map_or_else(Taxonomy::default, Taxonomy::new);
        Ok(Config { site, taxonomy })
    }
}

/// Base URLs end with `/` so that page paths can be appended.
pub fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_gives_the_defaults() {
        let c = Config::parse("baogao.toml", "").unwrap();
        assert_eq!(c.taxonomy, Taxonomy::default());
        assert_eq!(c.site.deadline, DeadlineRule::default());
    }

    #[test]
    fn every_key() {
        let text = "[site]\ntitle = \"某省报告库\"\nbase_url = \"https://example.org/r\"\n[deadline]\nmonth = 3\nday = 31\n[[topics]]\nname = \"生态环境\"\nkeywords = [\"污染\"]\n";
        let c = Config::parse("baogao.toml", text).unwrap();
        assert_eq!(c.site.title, "某省报告库");
        assert_eq!(c.site.base_url.as_deref(), Some("https://example.org/r/"));
        assert_eq!(c.site.deadline, DeadlineRule { month: 3, day: 31 });
        assert_eq!(c.taxonomy.topics.len(), 1);
        assert_eq!(c.taxonomy.topic_of("治理污染"), Some("生态环境"));
    }

    #[test]
    fn unknown_keys_and_wrong_types_point_at_the_line() {
        let err =
            Config::parse("baogao.toml", "[site]\ntitle = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert!(err.message.contains("titel"), "{}", err.message);
        assert_eq!((err.line(), err.column()), (Some(3), Some(1)));
        let err =
            Config::parse("baogao.toml", "[deadline]\nmonth = \"四月\"\nday = 1\n").unwrap_err();
        assert_eq!(err.line(), Some(2));
        let err = Config::parse("baogao.toml", "[deadline]\nmonth = 2\nday = 30\n").unwrap_err();
        assert!(err.message.contains("not a date"));
    }

    #[test]
    fn a_missing_default_file_is_fine_a_missing_named_one_is_not() {
        assert!(Config::load(Path::new("/no/such/baogao.toml"), false).is_ok());
        assert!(Config::load(Path::new("/no/such/baogao.toml"), true).is_err());
    }
}
