//! `baogao.toml`: the site's settings, and the site's own templates and
//! static files. Every key is optional; unknown keys and wrong types are
//! errors with file, line and column.
//!
//! ```toml
//! [site]
//! title = "某省法治政府建设年度报告库"
//! description = "某省各级政府法治政府建设年度报告的全文、结构与对照"
//! base_url = "https://example.org/reports/"
//! language = "zh-CN"
//!
//! [build]             # relative to the folder of baogao.toml
//! content = "content"
//! output = "public"
//!
//! [deadline]          # reports are due on this day of the following year
//! month = 4
//! day = 1
//!
//! [search]
//! precompress = true  # a .js.gz copy beside each index file
//!
//! [deploy]            # `build` measures the site against this host's limits
//! host = "github-pages"
//!
//! [issuers.aliases]   # names of one issuer no rule can join
//! "静海区政府办" = "天津市静海区人民政府"
//!
//! [[topics]]          # replaces the default taxonomy when given
//! name = "生态环境"
//! keywords = ["生态", "污染", "环保"]
//! ```

use crate::analyse::compliance::DeadlineRule;
use crate::analyse::series::Aliases;
use crate::analyse::topics::{Taxonomy, TopicRule};
use crate::model::Diagnostic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The file looked for in the current folder when no `--config` is given.
pub const DEFAULT_FILE: &str = "baogao.toml";
/// Default content folder, relative to the site's folder.
pub const DEFAULT_CONTENT: &str = "content";
/// Default output folder, relative to the site's folder.
pub const DEFAULT_OUTPUT: &str = "public";
/// Folder of the site whose templates replace the built-in ones of the same
/// name (the others are added).
pub const TEMPLATES_DIR: &str = "templates";
/// Folder of the site whose files replace the built-in static files of the
/// same name (the others are added); the site has them under `static/`.
pub const STATIC_DIR: &str = "static";

const HELP: &str = "see the README section \"Configuration\" for the keys baogao.toml may set";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    site: SiteSection,
    #[serde(default)]
    build: BuildSection,
    deadline: Option<DeadlineSection>,
    #[serde(default)]
    search: SearchSection,
    #[serde(default)]
    deploy: DeploySection,
    topics: Option<Vec<TopicRule>>,
    #[serde(default)]
    issuers: IssuersSection,
}

/// `[issuers]`: `aliases` join an issuer's name to another's series.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssuersSection {
    #[serde(default)]
    aliases: Aliases,
}

/// `[search]`: how the search page shows results, and whether the index
/// files get pre-compressed copies.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchSection {
    results_per_page: Option<Spanned<u32>>,
    snippets_per_report: Option<Spanned<u32>>,
    precompress: Option<bool>,
}

/// `[deploy]`: where the site is published.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeploySection {
    host: Option<Spanned<String>>,
}

/// A static host whose limits `build` measures the site against
/// (`[deploy] host`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Host {
    /// GitHub Pages (`github-pages`).
    GithubPages,
    /// GitLab Pages (`gitlab-pages`).
    GitlabPages,
    /// Cloudflare Pages on the free plan (`cloudflare-pages`).
    CloudflarePages,
    /// Cloudflare Pages on a paid plan (`cloudflare-pages-paid`).
    CloudflarePagesPaid,
}

/// What a host accepts (`None` where it sets no limit), and its name in
/// messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HostLimits {
    /// The host's name in messages ([`Host::label`]).
    pub label: &'static str,
    /// The largest site it takes, in bytes.
    pub site_bytes: Option<u64>,
    /// The most files a site may have.
    pub files: Option<usize>,
    /// The largest file it takes, in bytes.
    pub file_bytes: Option<u64>,
}

impl Host {
    /// Every host baogao knows: the ones `[deploy] host` may name, in the order
    /// its error lists them.
    pub const ALL: [Host; 4] = [
        Host::GithubPages,
        Host::GitlabPages,
        Host::CloudflarePages,
        Host::CloudflarePagesPaid,
    ];

    /// Its name in `baogao.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Host::GithubPages => "github-pages",
            Host::GitlabPages => "gitlab-pages",
            Host::CloudflarePages => "cloudflare-pages",
            Host::CloudflarePagesPaid => "cloudflare-pages-paid",
        }
    }

    /// Its name in messages.
    pub fn label(self) -> &'static str {
        match self {
            Host::GithubPages => "GitHub Pages",
            Host::GitlabPages => "GitLab Pages",
            Host::CloudflarePages => "Cloudflare Pages (free plan)",
            Host::CloudflarePagesPaid => "Cloudflare Pages (paid plans)",
        }
    }

    /// The limits each host publishes: GitHub Pages sites "may be no larger
    /// than 1 GB"; GitLab Pages takes 1 GB and 200,000 files; Cloudflare
    /// Pages 20,000 files (100,000 on paid plans) of at most 25 MiB each.
    pub fn limits(self) -> HostLimits {
        const GB: u64 = 1_000_000_000;
        const MIB: u64 = 1024 * 1024;
        let (site_bytes, files, file_bytes) = match self {
            Host::GithubPages => (Some(GB), None, None),
            Host::GitlabPages => (Some(GB), Some(200_000), None),
            Host::CloudflarePages => (None, Some(20_000), Some(25 * MIB)),
            Host::CloudflarePagesPaid => (None, Some(100_000), Some(25 * MIB)),
        };
        HostLimits {
            label: self.label(),
            site_bytes,
            files,
            file_bytes,
        }
    }
}

/// `[deadline]`: either key may be left out (an empty table is the
/// default rule).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineSection {
    month: Option<u32>,
    day: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteSection {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BuildSection {
    content: Option<PathBuf>,
    output: Option<PathBuf>,
}

/// The text of a configuration file and its name, for diagnostics that
/// point into it.
struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl Source<'_> {
    /// An error at byte `offset` of the file, showing its line.
    fn error_at(&self, offset: usize, message: String, help: &str) -> Diagnostic {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Diagnostic::error(self.name, message)
            .at(self.text, line, column)
            .help(help)
    }
}

impl SiteSection {
    /// The site's settings this section gives; an invalid `base_url` or
    /// `language` is an error pointing at it.
    fn settings(self, source: &Source) -> Result<SiteInfo, Diagnostic> {
        let mut site = SiteInfo::default();
        if let Some(title) = self.title {
            site.title = title;
        }
        if let Some(description) = self.description {
            site.description = description;
        }
        if let Some(url) = self.base_url {
            if !is_absolute_web_url(url.get_ref()) {
                return Err(source.error_at(
                    url.span().start,
                    format!(
                        "base_url must be an absolute http(s) URL, not {:?}",
                        url.get_ref()
                    ),
                    "write the address the site will be published under, e.g. \
                     \"https://example.org/reports/\", or leave base_url out",
                ));
            }
            site.base_url = Some(with_trailing_slash(url.get_ref()));
        }
        if let Some(language) = self.language {
            if !is_language_tag(language.get_ref()) {
                return Err(source.error_at(
                    language.span().start,
                    format!("language {:?} is not a language tag", language.get_ref()),
                    "give a BCP 47 language tag such as \"zh-CN\", \"zh-Hans\" or \"zh-TW\"",
                ));
            }
            site.language = language.into_inner();
        }
        Ok(site)
    }
}

impl DeadlineSection {
    /// The deadline this section sets, the default's month or day where it
    /// gives none; a date that does not exist is an error.
    fn rule(self, name: &str) -> Result<DeadlineRule, Diagnostic> {
        let default = DeadlineRule::default();
        let deadline = DeadlineRule {
            month: self.month.unwrap_or(default.month),
            day: self.day.unwrap_or(default.day),
        };
        if deadline.for_year(2000).is_some() {
            return Ok(deadline);
        }
        let message = format!(
            "[deadline] month {} day {} is not a date",
            deadline.month, deadline.day
        );
        Err(Diagnostic::error(name, message)
            .help("give a month from 1 to 12 and a day that exists in it"))
    }
}

impl SearchSection {
    /// The search page's options, each within its bounds.
    fn options(&self, source: &Source) -> Result<SearchOptions, Diagnostic> {
        let limit = |value: Option<Spanned<u32>>, key: &str, max: u32, default: u32| {
            let Some(value) = value else {
                return Ok(default);
            };
            let n = *value.get_ref();
            if (1..=max).contains(&n) {
                return Ok(n);
            }
            let help = format!("give a number from 1 to {max}, or leave {key} out");
            let message = format!("[search] {key} is {n}, not 1 to {max}");
            Err(source.error_at(value.span().start, message, &help))
        };
        let defaults = SearchOptions::default();
        Ok(SearchOptions {
            results_per_page: limit(
                self.results_per_page.clone(),
                "results_per_page",
                SearchOptions::MAX_RESULTS_PER_PAGE,
                defaults.results_per_page,
            )?,
            snippets_per_report: limit(
                self.snippets_per_report.clone(),
                "snippets_per_report",
                SearchOptions::MAX_SNIPPETS_PER_REPORT,
                defaults.snippets_per_report,
            )?,
        })
    }
}

/// The host `[deploy] host` names; an unknown name is an error listing
/// the known ones.
fn host_named(host: &Spanned<String>, source: &Source) -> Result<Host, Diagnostic> {
    if let Some(known) = Host::ALL.into_iter().find(|h| h.name() == host.get_ref()) {
        return Ok(known);
    }
    let names: Vec<String> = (Host::ALL.iter())
        .map(|h| format!("\"{}\"", h.name()))
        .collect();
    let message = format!(
        "[deploy] host {:?} is not a host baogao knows",
        host.get_ref()
    );
    let help = format!("give one of {}, or leave host out", names.join(", "));
    Err(source.error_at(host.span().start, message, &help))
}

/// What every page knows about the site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    /// The site's name, shown after each page's own title (`[site] title`).
    pub title: String,
    /// The meta description of pages that have none of their own.
    pub description: String,
    /// Absolute URL the site is published under, for canonical links only;
    /// every link between pages stays relative.
    pub base_url: Option<String>,
    /// The pages' `lang` (BCP 47), `zh-CN` by default.
    pub language: String,
    /// When a year's report is due.
    pub deadline: DeadlineRule,
    /// How the search page shows results.
    pub search: SearchOptions,
    /// The site's own templates and static files (not seen by templates).
    #[serde(skip)]
    pub overrides: Arc<Overrides>,
}

/// `[search]` of `baogao.toml`, read by `static/search.js` from the search
/// page's data attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SearchOptions {
    /// Reports checked against their text and shown per step ("more" shows
    /// the next as many): each costs a fetch of that report's text.
    pub results_per_page: u32,
    /// Matching paragraphs shown per report (its count says how many).
    pub snippets_per_report: u32,
}

impl SearchOptions {
    /// More would make one step fetch too much report text.
    pub const MAX_RESULTS_PER_PAGE: u32 = 100;
    /// The most matching paragraphs `snippets_per_report` may show per report.
    pub const MAX_SNIPPETS_PER_REPORT: u32 = 50;
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            results_per_page: 20,
            snippets_per_report: 5,
        }
    }
}

impl Default for SiteInfo {
    fn default() -> Self {
        SiteInfo {
            title: "法治政府建设年度报告库".to_owned(),
            description: "法治政府建设年度报告的全文、结构、法定部分与对照分析".to_owned(),
            base_url: None,
            language: "zh-CN".to_owned(),
            deadline: DeadlineRule::default(),
            search: SearchOptions::default(),
            overrides: Arc::default(),
        }
    }
}

/// A site's own templates and static files: each replaces the built-in one
/// of the same name, and the others are added (a partial a template
/// includes, an image the stylesheet uses). Read from the site's
/// `templates/` and `static/` folders.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// (name as templates refer to it, e.g. `report.html`, text).
    pub templates: Vec<(String, String)>,
    /// (path in the site, e.g. `static/style.css`, bytes).
    pub static_files: Vec<(String, Vec<u8>)>,
}

/// The settings a build uses.
#[derive(Debug, Clone)]
pub struct Config {
    /// What every page knows about the site: `[site]`, `[deadline]` and the
    /// search page's options, and the site's own templates and static files once
    /// [`Config::load_overrides`] has read them.
    pub site: SiteInfo,
    /// The topics paragraphs are tagged with: `[[topics]]`, else the default
    /// taxonomy.
    pub taxonomy: Taxonomy,
    /// `[issuers.aliases]`.
    pub issuer_aliases: Aliases,
    /// The site's folder: the folder of the configuration file (the current
    /// folder when there is none). `templates/`, `static/` and the paths
    /// below are relative to it.
    pub root: PathBuf,
    /// `[build] content`, resolved against `root`; `None` when not set.
    pub content: Option<PathBuf>,
    /// `[build] output`, resolved against `root`; `None` when not set.
    pub output: Option<PathBuf>,
    /// `[search] precompress`: a `.js.gz` copy beside each index file.
    pub precompress: bool,
    /// `[deploy] host`: whose limits the site is measured against.
    pub host: Option<Host>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            site: SiteInfo::default(),
            taxonomy: Taxonomy::default(),
            issuer_aliases: Aliases::default(),
            root: PathBuf::from("."),
            content: None,
            output: None,
            precompress: false,
            host: None,
        }
    }
}

impl Config {
    /// Reads `path`. A missing file is an error only when `required` (it was
    /// named with `--config`); otherwise the defaults apply.
    pub fn load(path: &Path, required: bool) -> Result<Config, Diagnostic> {
        let name = path.display().to_string();
        let root = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config {
                    root,
                    ..Config::default()
                })
            }
            Err(e) => {
                return Err(
                    Diagnostic::error(name, format!("cannot read the configuration: {e}"))
                        .help("check the path given with --config"),
                )
            }
        };
        let mut config = Config::parse(&name, &text)?;
        config.content = config.content.map(|p| root.join(p));
        config.output = config.output.map(|p| root.join(p));
        config.root = root;
        Ok(config)
    }

    /// Parses the text of a configuration file named `name`. Paths stay as
    /// written (relative to the file's folder).
    pub fn parse(name: &str, text: &str) -> Result<Config, Diagnostic> {
        let source = Source { name, text };
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let message = e.message().trim();
            let help = match crate::model::did_you_mean(message) {
                Some(hint) => format!("{hint} {HELP}"),
                None => HELP.to_owned(),
            };
            let offset = e.span().map_or(0, |s| s.start);
            source.error_at(offset, format!("invalid configuration: {message}"), &help)
        })?;
        let mut site = file.site.settings(&source)?;
        if let Some(section) = file.deadline {
            site.deadline = section.rule(name)?;
        }
        site.search = file.search.options(&source)?;
        let host = (file.deploy.host)
            .map(|host| host_named(&host, &source))
            .transpose()?;
        let taxonomy = file.topics.map_or_else(Taxonomy::default, Taxonomy::new);
        Ok(Config {
            site,
            taxonomy,
            issuer_aliases: file.issuers.aliases,
            root: PathBuf::from("."),
            content: file.build.content,
            output: file.build.output,
            precompress: file.search.precompress.unwrap_or(false),
            host,
        })
    }

    /// Reads the site's own `templates/` and `static/` (beside the
    /// configuration) into the site settings, where they replace the
    /// built-in files of the same name.
    pub fn load_overrides(&mut self) -> Result<(), Vec<Diagnostic>> {
        let overrides = load_overrides(&self.root)?;
        self.site.overrides = Arc::new(overrides);
        Ok(())
    }
}

/// Reads every file under `root/templates` and `root/static`. Hidden files
/// and editor backups are skipped; templates must be UTF-8.
pub fn load_overrides(root: &Path) -> Result<Overrides, Vec<Diagnostic>> {
    let mut overrides = Overrides::default();
    let mut errors = Vec::new();
    for (rel, path) in files_under(&root.join(TEMPLATES_DIR), &mut errors) {
        let shown = format!("{TEMPLATES_DIR}/{rel}");
        match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => overrides.templates.push((rel, text)),
            Ok(Err(_)) => errors.push(
                Diagnostic::error(shown, "a template must be UTF-8 text")
                    .help("save the template as UTF-8"),
            ),
            Err(e) => errors.push(Diagnostic::error(shown, format!("cannot read: {e}"))),
        }
    }
    for (rel, path) in files_under(&root.join(STATIC_DIR), &mut errors) {
        match std::fs::read(&path) {
            Ok(bytes) => overrides
                .static_files
                .push((format!("{STATIC_DIR}/{rel}"), bytes)),
            Err(e) => errors.push(Diagnostic::error(
                format!("{STATIC_DIR}/{rel}"),
                format!("cannot read: {e}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(overrides)
    } else {
        Err(errors)
    }
}

/// Files under `dir` as (`/`-separated path relative to `dir`, path), in
/// sorted order; nothing when `dir` does not exist.
fn files_under(dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::discover::is_ignored_name(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(e.path())
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push((rel, e.path().to_path_buf()));
            }
            Ok(_) => {}
            Err(e) => errors.push(Diagnostic::error(
                dir.display().to_string(),
                format!("cannot read: {e}"),
            )),
        }
    }
    files
}

/// Base URLs end with `/` so that page paths can be appended.
pub fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

/// `https://host/…` or `http://host/…` with a host.
pub fn is_absolute_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty() && !r.starts_with('/') && !r.chars().any(char::is_whitespace)
    })
}

/// A BCP 47 tag as far as a page needs: letters, digits and `-`, starting
/// with a letter.
fn is_language_tag(tag: &str) -> bool {
    tag.starts_with(|c: char| c.is_ascii_alphabetic())
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_gives_the_defaults() {
        let c = Config::parse("baogao.toml", "").unwrap();
        assert_eq!(c.taxonomy, Taxonomy::default());
        assert_eq!(c.site.deadline, DeadlineRule::default());
        assert_eq!(c.site.language, "zh-CN");
        assert!(c.content.is_none() && c.output.is_none());
    }

    #[test]
    fn every_key() {
        let text = "[site]\ntitle = \"某省报告库\"\ndescription = \"说明\"\nbase_url = \"https://example.org/r\"\nlanguage = \"zh-Hans\"\n[build]\ncontent = \"reports\"\noutput = \"site\"\n[deadline]\nmonth = 3\nday = 31\n[issuers.aliases]\n\"某区政府办\" = \"某区人民政府\"\n[[topics]]\nname = \"生态环境\"\nkeywords = [\"污染\"]\n";
        let c = Config::parse("baogao.toml", text).unwrap();
        assert_eq!(c.site.title, "某省报告库");
        assert_eq!(c.site.description, "说明");
        assert_eq!(c.site.base_url.as_deref(), Some("https://example.org/r/"));
        assert_eq!(c.site.language, "zh-Hans");
        assert_eq!(c.content.as_deref(), Some(Path::new("reports")));
        assert_eq!(c.output.as_deref(), Some(Path::new("site")));
        assert_eq!(c.site.deadline, DeadlineRule { month: 3, day: 31 });
        assert_eq!(c.issuer_aliases.0["某区政府办"], "某区人民政府");
        assert_eq!(c.taxonomy.topics.len(), 1);
        assert_eq!(
            c.taxonomy.topic_of("治理污染").map(|n| &**n),
            Some("生态环境")
        );
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
        let err = Config::parse("baogao.toml", "[build]\noutput = 3\n").unwrap_err();
        assert_eq!(err.line(), Some(2));
    }

    #[test]
    fn search_options_have_defaults_and_ranges() {
        let c = Config::parse("baogao.toml", "").unwrap();
        assert_eq!(c.site.search, SearchOptions::default());
        let text = "[search]\nresults_per_page = 7\nsnippets_per_report = 50\n";
        let c = Config::parse("baogao.toml", text).unwrap();
        assert_eq!(
            (
                c.site.search.results_per_page,
                c.site.search.snippets_per_report
            ),
            (7, 50)
        );
        for bad in [
            "results_per_page = 0",
            "results_per_page = 101",
            "snippets_per_report = 51",
        ] {
            let err = Config::parse("baogao.toml", &format!("[search]\n{bad}\n")).unwrap_err();
            assert!(err.message.contains("not 1 to"), "{bad}: {}", err.message);
            assert_eq!(
                (err.line(), err.column()),
                (Some(2), Some(bad.find('=').unwrap() + 3))
            );
        }
        let err = Config::parse("baogao.toml", "[search]\nresults = 3\n").unwrap_err();
        assert!(
            err.message.contains("results"),
            "unknown key: {}",
            err.message
        );
    }

    #[test]
    fn precompress_is_off_unless_asked_for() {
        assert!(!Config::parse("baogao.toml", "").unwrap().precompress);
        let c = Config::parse("baogao.toml", "[search]\nprecompress = true\n").unwrap();
        assert!(c.precompress);
    }

    #[test]
    fn deploy_host_is_one_of_the_known_hosts() {
        assert_eq!(Config::parse("baogao.toml", "").unwrap().host, None);
        for host in Host::ALL {
            let text = format!("[deploy]\nhost = \"{}\"\n", host.name());
            assert_eq!(
                Config::parse("baogao.toml", &text).unwrap().host,
                Some(host)
            );
        }
        let err = Config::parse("baogao.toml", "[deploy]\nhost = \"netlify\"\n").unwrap_err();
        assert!(err.message.contains("\"netlify\""), "{}", err.message);
        assert_eq!((err.line(), err.column()), (Some(2), Some(8)));
        let help = err.help.unwrap_or_default();
        for host in Host::ALL {
            assert!(help.contains(&format!("\"{}\"", host.name())), "{help}");
        }
    }

    #[test]
    fn base_url_and_language_are_checked_where_they_are_written() {
        let err = Config::parse("baogao.toml", "[site]\nbase_url = \"/reports/\"\n").unwrap_err();
        assert!(err.message.contains("absolute"), "{}", err.message);
        assert_eq!((err.line(), err.column()), (Some(2), Some(12)));
        let err = Config::parse("baogao.toml", "[site]\nlanguage = \"中文\"\n").unwrap_err();
        assert_eq!(err.line(), Some(2));
        for ok in ["https://example.org/", "http://localhost:8000/a"] {
            assert!(is_absolute_web_url(ok), "{ok}");
        }
        for bad in ["example.org", "https://", "ftp://x/", "https:///x"] {
            assert!(!is_absolute_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn paths_are_relative_to_the_file_and_overrides_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("baogao.toml"),
            "[build]\ncontent = \"texts\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("templates/compare")).unwrap();
        std::fs::write(dir.path().join("templates/404.html"), "x").unwrap();
        std::fs::write(dir.path().join("templates/compare/nav.html"), "y").unwrap();
        std::fs::write(dir.path().join("templates/.404.html.swp"), "z").unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/logo.png"), [0u8, 1]).unwrap();
        let mut c = Config::load(&dir.path().join("baogao.toml"), true).unwrap();
        assert_eq!(c.content, Some(dir.path().join("texts")));
        assert_eq!(c.output, None);
        c.load_overrides().unwrap();
        let names: Vec<&str> = c
            .site
            .overrides
            .templates
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(names, ["404.html", "compare/nav.html"]);
        assert_eq!(c.site.overrides.static_files[0].0, "static/logo.png");
    }

    #[test]
    fn a_missing_default_file_is_fine_a_missing_named_one_is_not() {
        assert!(Config::load(Path::new("/no/such/baogao.toml"), false).is_ok());
        assert!(Config::load(Path::new("/no/such/baogao.toml"), true).is_err());
    }
}
