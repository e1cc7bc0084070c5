//! Where a build's time went, stage by stage, and how `build --timings`
//! prints it.

use crate::render;
use std::time::Duration;

/// Time spent in each stage of a build. The per-report stages (decode,
/// parse, analyse) run in parallel, fused per report: for them the time is
/// summed over reports (thread time), and `reports` is their wall time.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// Finding the report files in the content folder.
    pub discover: Duration,
    /// Decoding report files to text, summed over reports.
    pub decode: Duration,
    /// Parsing reports, summed over reports.
    pub parse: Duration,
    /// Analysing each report on its own, summed over reports.
    pub analyse: Duration,
    /// Wall time of the parallel per-report stages together.
    pub reports: Duration,
    /// Corpus-wide analysis (keywords, citations, related reports).
    pub corpus: Duration,
    /// Search index: tokenising (in parallel), merging, encoding the files.
    pub index: Duration,
    /// Rendering the pages, wall time (each page is written as soon as it is
    /// rendered).
    pub render: Duration,
    /// Where the render stage went: the time spent with each template (of
    /// the pages rendered, not those an incremental rebuild kept), the
    /// longest first.
    pub templates: Vec<(String, render::TemplateTime)>,
    /// Writing the files, summed over threads (during index and render).
    pub write: Duration,
    /// Putting the finished site in place: the staging folder swapped in,
    /// or an incremental rebuild's changed files written.
    pub commit: Duration,
}

impl Timings {
    /// One line per stage, for `build --timings`.
    pub fn lines(&self) -> Vec<String> {
        let ms = |d: Duration| format!("{:>9.1} ms", d.as_secs_f64() * 1000.0);
        let mut lines = vec![
            format!("discover {}", ms(self.discover)),
            format!("decode   {} (summed over reports)", ms(self.decode)),
            format!("parse    {} (summed over reports)", ms(self.parse)),
            format!(
                "analyse  {} (summed over reports) + {} across the archive",
                ms(self.analyse),
                ms(self.corpus).trim()
            ),
            format!(
                "         {} wall time of decode+parse+analyse in parallel",
                ms(self.reports)
            ),
            format!("index    {}", ms(self.index)),
            format!(
                "render   {} (wall, pages written as rendered)",
                ms(self.render)
            ),
        ];
        lines.extend(self.template_lines());
        lines.extend([
            format!(
                "write    {} (summed over threads, during index and render)",
                ms(self.write)
            ),
            format!("commit   {}", ms(self.commit)),
        ]);
        lines
    }

    /// The [`TEMPLATE_LINES`] templates the render stage spent longest
    /// with, and the rest together.
    fn template_lines(&self) -> Vec<String> {
        if self.templates.is_empty() {
            return Vec::new();
        }
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        let line = |name: &str, t: &render::TemplateTime| {
            format!(
                "           {name:<28} {:>7} × {:>10} (variables {}, rendering {})",
                t.renders,
                ms(t.total()),
                ms(t.variables),
                ms(t.rendering)
            )
        };
        let (top, rest) = self
            .templates
            .split_at(self.templates.len().min(TEMPLATE_LINES));
        let mut lines = vec!["         by template (summed over threads):".to_owned()];
        lines.extend(top.iter().map(|(name, t)| line(name, t)));
        if !rest.is_empty() {
            let others = (rest.iter().map(|(_, t)| *t))
                .fold(render::TemplateTime::default(), std::ops::Add::add);
            lines.push(line(&format!("{} other templates", rest.len()), &others));
        }
        lines
    }
}

/// Templates listed by name under the render stage in `build --timings`.
const TEMPLATE_LINES: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timings_name_the_longest_templates_and_sum_the_rest() {
        let ms = Duration::from_millis;
        let time = |n: u64| render::TemplateTime {
            renders: n as usize,
            variables: ms(n),
            rendering: ms(2 * n),
        };
        let templates = (0..TEMPLATE_LINES as u64 + 2)
            .rev()
            .map(|n| (format!("t{n}.html"), time(n + 1)))
            .collect();
        let timings = Timings {
            templates,
            ..Timings::default()
        };
        let lines = timings.template_lines();
        assert_eq!(lines.len(), 1 + TEMPLATE_LINES + 1, "{lines:#?}");
        assert!(lines[1].contains("t9.html") && lines[1].contains("10 ×"));
        assert!(lines[1].contains("30.0 ms (variables 10.0 ms, rendering 20.0 ms)"));
        // t1 and t0 (2 and 1 renders) are summed.
        assert!(lines[TEMPLATE_LINES + 1].contains("2 other templates"));
        assert!(
            lines[TEMPLATE_LINES + 1].contains(" 3 ×     9.0 ms"),
            "{lines:#?}"
        );
        let none = Timings::default();
        assert!(none.template_lines().is_empty(), "no line for no render");
    }
}
