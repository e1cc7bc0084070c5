//! The HTTP server of `baogao serve` (`tiny_http`, each request answered on
//! a thread of its own, so that an open event stream holds up nothing):
//! GET and HEAD of the files of the output folder (with their MIME types,
//! `index.html` for folders, the site's 404 page), the reload script and
//! its event stream. Never a path outside the output folder: `..` (encoded
//! or not), encoded separators, hidden files and links leading out are
//! refused.
//!
//! `tiny_http` reads a request's head whole before handing it over, with
//! no size limit or read timeout (tiny-http issue #56): a head over
//! [`MAX_HEAD_BYTES`] is refused once read, and a client that stalls
//! midway holds only its own connection's thread until it goes away.

use super::serve_error;
use super::{Shared, State};
use crate::error::Error;
use crate::html;
use std::io::{self, Cursor, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Server};

/// Where the reload script, its stylesheet and its events are served; no
/// site path starts with `__`.
pub const PREFIX: &str = "/__baogao/";
const SCRIPT: &str = include_str!("../../assets/serve/livereload.js");
const STYLE: &str = include_str!("../../assets/serve/livereload.css");
/// The tag added at the end of every HTML page served.
const SCRIPT_TAG: &str = "<script src=\"/__baogao/livereload.js\" defer></script>";
/// How often an idle event stream sends a comment, so that closed
/// connections are noticed and their threads end.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// A request whose head is larger is refused.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// How long a request waits for a running build to swap its output in.
const BUILD_WAIT: Duration = Duration::from_secs(60);

/// Serves on `listener` from a thread of its own, until the process ends.
pub fn spawn(listener: TcpListener, shared: Arc<Shared>) -> Result<(), Error> {
    let server = (Server::from_listener(listener, None))
        .map_err(|e| serve_error(format!("cannot serve: {e}")))?;
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || handle(request, &shared));
        }
    });
    Ok(())
}

type Response = tiny_http::Response<Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name, value).ok()
}

fn response(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
    let response = Response::from_data(body).with_status_code(status);
    match header("Content-Type", content_type) {
        Some(h) => response.with_header(h),
        None => response,
    }
}

fn text(status: u16, text: &str) -> Response {
    response(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

/// Sends `response` with a Content-Length (never chunked) and no caching;
/// tiny_http leaves out the body for HEAD.
fn respond(request: Request, mut response: Response) {
    for (name, value) in [
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        response.add_header(header(name, value).expect("ASCII header"));
    }
    let _ = request.respond(response.with_chunked_threshold(usize::MAX));
}

/// The size of a request's head, near enough: the request line and the
/// header lines.
fn head_bytes(request: &Request) -> usize {
    let line = request.method().as_str().len() + request.url().len() + 12;
    let headers: usize = request
        .headers()
        .iter()
        .map(|h| h.field.as_str().len() + h.value.len() + 4)
        .sum();
    line + headers
}

fn handle(request: Request, shared: &Shared) {
    if head_bytes(&request) > MAX_HEAD_BYTES {
        return respond(request, text(431, "request too large\n"));
    }
    let head_only = *request.method() == Method::Head;
    if *request.method() != Method::Get && !head_only {
        let allow = header("Allow", "GET, HEAD").expect("ASCII header");
        return respond(request, text(405, "only GET and HEAD\n").with_header(allow));
    }
    let target = request.url();
    let path = target.split(['?', '#']).next().unwrap_or("/").to_owned();
    let response = match path.strip_prefix(PREFIX) {
        Some("livereload.js") => response(200, "text/javascript; charset=utf-8", SCRIPT.into()),
        Some("livereload.css") => response(200, "text/css; charset=utf-8", STYLE.into()),
        Some("events") if !head_only => {
            let _ = events(request.into_writer(), shared);
            return;
        }
        _ => file_response(shared, &path),
    };
    respond(request, response);
}

/// The Server-Sent Events stream of one page: `hello` with the current
/// build on connecting, then `reload` after each good build and
/// `build-error` (the error text) after each failed one. Written straight
/// to the connection: tiny_http's body writer (chunked, buffered) would
/// hold events back until kilobytes of them had piled up.
fn events(mut stream: Box<dyn Write + Send>, shared: &Shared) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n",
    )?;
    let (mut seen, first) = {
        let state = shared.lock();
        (state.generation, hello(&state))
    };
    stream.write_all(first.as_bytes())?;
    stream.flush()?;
    loop {
        let message = {
            let state = shared.lock();
            let (state, _) = shared
                .changed
                .wait_timeout_while(state, KEEP_ALIVE, |s| s.generation == seen || s.building)
                .unwrap_or_else(|e| e.into_inner());
            if state.generation == seen || state.building {
                ": keep-alive\n\n".to_owned()
            } else {
                seen = state.generation;
                match &state.error {
                    Some(text) => event("build-error", text),
                    None => event("reload", &generation_id(&state)),
                }
            }
        };
        stream.write_all(message.as_bytes())?;
        stream.flush()?;
    }
}

fn hello(state: &State) -> String {
    let mut text = event("hello", &generation_id(state));
    if let Some(error) = &state.error {
        text.push_str(&event("build-error", error));
    }
    text
}

fn generation_id(state: &State) -> String {
    format!("{}-{}", state.instance, state.generation)
}

/// One event; each line of `data` is a `data:` line.
fn event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The response for a path of the site: the file, a redirect to the
/// folder's URL with `/`, or the 404 page.
fn file_response(shared: &Shared, path: &str) -> Response {
    let Some(segments) = segments(path) else {
        return text(400, "bad request: the path is not valid\n");
    };
    let mut output = shared.lock().output.clone();
    let mut found = locate(&output, &segments);
    if found.is_none() {
        // The output may be in the middle of being swapped for a new build.
        output = wait_for_build(shared);
        found = locate(&output, &segments);
    }
    match found {
        Some(Found::File(file)) => match std::fs::read(&file) {
            Ok(bytes) => {
                let mime = mime_type(&file);
                let body = if mime.starts_with("text/html") {
                    with_script(&bytes)
                } else {
                    bytes
                };
                response(200, mime, body)
            }
            Err(_) => not_found(&output, segments.len()),
        },
        Some(Found::Folder) => match header("Location", &format!("{path}/")) {
            Some(location) => text(301, "moved\n").with_header(location),
            None => text(400, "bad request: the path is not valid\n"),
        },
        None => not_found(&output, segments.len()),
    }
}

fn wait_for_build(shared: &Shared) -> PathBuf {
    let state = shared.lock();
    let (state, _) = shared
        .changed
        .wait_timeout_while(state, BUILD_WAIT, |s| s.building)
        .unwrap_or_else(|e| e.into_inner());
    state.output.clone()
}

/// The decoded segments of a URL path; `None` for a path that could leave
/// the folder or name a hidden file (`..`, `.x`, `\`, NUL) or is not UTF-8.
/// A path ending in `/` ends with an empty segment.
fn segments(path: &str) -> Option<Vec<String>> {
    let path = path.strip_prefix('/')?;
    let mut out = Vec::new();
    let raw: Vec<&str> = path.split('/').collect();
    for (i, seg) in raw.iter().enumerate() {
        let seg = html::percent_decode(seg)?;
        if seg.is_empty() {
            if i + 1 == raw.len() {
                out.push(seg);
                continue;
            }
            return None;
        }
        if seg.starts_with('.') || seg.contains(['\\', '\0', '/']) || seg.contains(':') {
            return None;
        }
        out.push(seg);
    }
    Some(out)
}

enum Found {
    File(PathBuf),
    /// A folder asked for without its trailing `/`.
    Folder,
}

/// The file `segments` name under `output`, `index.html` for a folder, only
/// if it really is inside `output` (links are resolved).
fn locate(output: &Path, segments: &[String]) -> Option<Found> {
    let trailing_slash = segments.last().is_some_and(String::is_empty) || segments.is_empty();
    let mut path = output.to_path_buf();
    for seg in segments.iter().filter(|s| !s.is_empty()) {
        path.push(seg);
    }
    let meta = std::fs::metadata(&path).ok()?;
    if meta.is_dir() {
        if !trailing_slash {
            return Some(Found::Folder);
        }
        path.push("index.html");
    } else if trailing_slash && !segments.is_empty() {
        return None;
    }
    let real = path.canonicalize().ok()?;
    let root = output.canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(Found::File(real))
}

/// The site's `404.html` with status 404, its relative links made to work
/// from the requested path's folder (`depth` segments below the root).
fn not_found(output: &Path, segments: usize) -> Response {
    let Ok(page) = std::fs::read_to_string(output.join("404.html")) else {
        return text(404, "404: no such page (and the site has no 404.html)\n");
    };
    let depth = segments.saturating_sub(1);
    let page = if depth == 0 {
        page
    } else {
        let up = "../".repeat(depth);
        html::rewrite_attributes(&page, |a| {
            let url = a.value.as_ref();
            let is_url = matches!(a.name.as_str(), "href" | "src" | "action");
            (is_url && !url.is_empty() && !url.starts_with(['/', '#']) && !html::is_external(url))
                .then(|| format!("{up}{url}"))
        })
    };
    response(
        404,
        "text/html; charset=utf-8",
        with_script(page.as_bytes()),
    )
}

/// The page with the reload script added at its end.
fn with_script(page: &[u8]) -> Vec<u8> {
    let mut body = page.to_vec();
    body.extend_from_slice(SCRIPT_TAG.as_bytes());
    body
}

/// The Content-Type of a file, by its extension.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "gz" => "application/gzip",
        "br" => "application/x-br",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_could_leave_the_folder_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/%2E%2E/x",
            "/.baogao-output",
            "/a//b",
            "/a%2fb",
            "/a%5cb",
            "/C:/x",
            "relative",
            "/%ff",
        ] {
            assert!(segments(bad).is_none(), "{bad}");
        }
        assert_eq!(segments("/").unwrap(), [""]);
        assert_eq!(
            segments("/topics/%E4%B8%AD.html").unwrap(),
            ["topics", "中.html"]
        );
        assert_eq!(segments("/compare/").unwrap(), ["compare", ""]);
    }

    #[test]
    fn events_split_lines_into_data_lines() {
        assert_eq!(
            event("build-error", "a\nb"),
            "event: build-error\ndata: a\ndata: b\n\n"
        );
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime_type(Path::new("a/b.HTML")), "text/html; charset=utf-8");
        assert_eq!(mime_type(Path::new("s/1.json.gz")), "application/gzip");
        assert_eq!(
            mime_type(Path::new("static/search.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(mime_type(Path::new("x")), "application/octet-stream");
    }
}
