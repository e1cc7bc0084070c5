//! A progress bar for long builds, on the terminal only: a build piped into
//! a file or run in CI prints no bar, only its summary.

use crate::pipeline::{Progress, ProgressSink};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

/// A bar on stderr when it is a terminal and `CI` is not set; otherwise no
/// progress at all.
pub fn terminal() -> Progress {
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return Progress::default();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.enable_steady_tick(Duration::from_millis(120));
    Progress::new(Arc::new(Bar(bar)))
}

struct Bar(ProgressBar);

impl ProgressSink for Bar {
    fn stage(&self, name: &'static str, steps: usize) {
        let template = if steps > 0 {
            "{spinner} {msg:<22} [{bar:30}] {pos}/{len}"
        } else {
            "{spinner} {msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.0.set_style(style.progress_chars("=> "));
        }
        self.0.set_length(steps as u64);
        self.0.set_position(0);
        self.0.set_message(name);
    }

    fn step(&self) {
        self.0.inc(1);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
