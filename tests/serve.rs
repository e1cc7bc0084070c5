//! `baogao serve` as a user runs it: a real process on a free port, real
//! HTTP requests, real edits of the content folder.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};
use std::{fs, thread};

/// How long to wait for a build or a rebuild before giving up: generous,
/// since test machines are slow and shared; nothing here measures speed.
const PATIENCE: Duration = Duration::from_secs(120);

/// A running `baogao serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve --port 0` in `dir` and waits until it says where it is.
fn start(dir: &Path) -> Server {
    start_with(dir, Command::new(env!("CARGO_BIN_EXE_baogao")), &[])
}

/// [`start`] with a command that may have its own environment, and more
/// options for `serve`.
fn start_with(dir: &Path, mut command: Command, options: &[&str]) -> Server {
    let mut child = command
        .args([
            "serve",
            "--port",
            "0",
            "--content",
            "content",
            "--output",
            "public",
        ])
        .args(options)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut server = Server { child, port: 0 };
    loop {
        let line = rx.recv_timeout(PATIENCE).expect("serve prints its address");
        if let Some(url) = line.split(" at http://127.0.0.1:").nth(1) {
            server.port = url.trim_end_matches('/').parse().unwrap();
            return server;
        }
    }
}

/// GET `path`: status and body. (The connection is closed after the
/// response, as asked: the body is what comes before the end.)
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

/// The page's event stream, one line at a time.
fn events(port: u16) -> Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /__baogao/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = channel();
    thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for the event `name` and returns its data lines. (The stream's
/// keep-alive comments do not extend the wait.)
fn wait_for_event(rx: &Receiver<String>, name: &str) -> String {
    let wanted = format!("event: {name}");
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no {name} event"));
        if line == wanted {
            let mut data = Vec::new();
            loop {
                let line = rx.recv_timeout(PATIENCE).unwrap();
                match line.strip_prefix("data: ") {
                    Some(d) => data.push(d.to_owned()),
                    None => return data.join("\n"),
                }
            }
        }
    }
}

fn archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    fs::copy(
        "content/2022-jiyuan-jingkaiqu.txt",
        dir.path().join("content/r.txt"),
    )
    .unwrap();
    dir
}

#[test]
fn serves_the_site_and_reloads_pages_after_an_edit() {
    let dir = archive();
    let server = start(dir.path());
    let (status, page) = get(server.port, "/reports/r.html");
    assert_eq!(status, 200);
    assert!(page.contains("雪亮工程"));
    assert!(
        page.ends_with("<script src=\"/__baogao/livereload.js\" defer></script>"),
        "the reload script is added to served pages only"
    );
    assert!(
        !fs::read_to_string(dir.path().join("public/reports/r.html"))
            .unwrap()
            .contains("livereload")
    );
    let (status, script) = get(server.port, "/__baogao/livereload.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));

    let rx = events(server.port);
    wait_for_event(&rx, "hello");
    let path = dir.path().join("content/r.txt");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("雪亮工程", "天网工程")).unwrap();
    wait_for_event(&rx, "reload");
    let (_, page) = get(server.port, "/reports/r.html");
    assert!(page.contains("天网工程") && !page.contains("雪亮工程"));
}

#[test]
fn a_broken_edit_is_reported_and_the_last_good_site_stays() {
    let dir = archive();
    let server = start(dir.path());
    let rx = events(server.port);
    wait_for_event(&rx, "hello");
    fs::write(
        dir.path().join("content/bad.txt"),
        "+++\nyear = \"二〇二二\"\n+++\n正文\n",
    )
    .unwrap();
    let error = wait_for_event(&rx, "build-error");
    assert!(error.contains("content/bad.txt:2:8"), "{error}");
    assert!(error.contains("malformed front matter"), "{error}");
    let (status, page) = get(server.port, "/reports/r.html");
    assert_eq!(status, 200, "the last good site is still served");
    assert!(page.contains("雪亮工程"));
    // A page opened now learns of the failure at once.
    let late = events(server.port);
    wait_for_event(&late, "hello");
    assert!(wait_for_event(&late, "build-error").contains("bad.txt"));
    // Fixed: the pages reload.
    fs::remove_file(dir.path().join("content/bad.txt")).unwrap();
    wait_for_event(&rx, "reload");
}

#[test]
fn folders_missing_pages_and_paths_out_of_the_site() {
    let dir = archive();
    let server = start(dir.path());
    let (status, index) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(index.contains("<h1>"));
    let (status, _) = get(server.port, "/compare");
    assert_eq!(status, 301, "a folder without its / is redirected");
    let (status, page) = get(server.port, "/reports/nothing/here.html");
    assert_eq!(status, 404);
    assert!(
        page.contains("../../static/style.css"),
        "the 404 page's links work from the missing page's folder"
    );
    fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    for bad in ["/../secret.txt", "/%2e%2e/secret.txt", "/.baogao-output"] {
        let (status, body) = get(server.port, bad);
        assert!(status == 400 || status == 404, "{bad}: {status}");
        assert!(!body.contains("secret") || body.contains("<html"), "{bad}");
    }
    let (status, _) = get(
        server.port,
        "/topics/%E6%99%AE%E6%B3%95%E5%AE%A3%E4%BC%A0.html",
    );
    assert_eq!(status, 200, "percent-encoded Chinese paths");
}

#[test]
fn the_configuration_and_new_templates_are_watched_too() {
    let dir = archive();
    let server = start(dir.path());
    let rx = events(server.port);
    wait_for_event(&rx, "hello");
    fs::write(
        dir.path().join("baogao.toml"),
        "[site]\ntitle = \"新的标题\"\n",
    )
    .unwrap();
    wait_for_event(&rx, "reload");
    let (_, index) = get(server.port, "/index.html");
    assert!(index.contains("<title>新的标题</title>"), "{index}");
    // templates/ did not exist when serve started.
    fs::create_dir(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/search.html"),
        "{% extends \"base.html\" %}{% block main %}<p>自定义检索页</p>{% endblock main %}",
    )
    .unwrap();
    let (_, page) = loop {
        wait_for_event(&rx, "reload");
        let got = get(server.port, "/search.html");
        if got.1.contains("自定义检索页") {
            break got;
        }
    };
    assert!(page.contains("新的标题"));
    // An invalid configuration is an error like any other.
    fs::write(dir.path().join("baogao.toml"), "[site]\ntitel = \"x\"\n").unwrap();
    let error = wait_for_event(&rx, "build-error");
    assert!(error.contains("baogao.toml:2:1"), "{error}");
}

#[cfg(unix)]
#[test]
fn open_starts_the_desktop_browser_at_the_served_url() {
    use std::os::unix::fs::PermissionsExt;
    let dir = archive();
    // A stand-in for the desktop's opener (xdg-open on Linux) that notes
    // the URL it was given.
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    let opened = dir.path().join("opened.txt");
    let opener = bin.join("xdg-open");
    fs::write(
        &opener,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    fs::set_permissions(&opener, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new(env!("CARGO_BIN_EXE_baogao"));
    command.env("PATH", path);
    let server = start_with(dir.path(), command, &["--open"]);
    // The shell creates the file before printf fills it: wait for the URL.
    let written = || fs::read_to_string(&opened).is_ok_and(|url| !url.is_empty());
    let started = Instant::now();
    while !written() && started.elapsed() < PATIENCE {
        thread::sleep(Duration::from_millis(50));
    }
    let url = fs::read_to_string(&opened).expect("the opener was run");
    assert_eq!(url, format!("http://127.0.0.1:{}/", server.port));
}

/// Sends `bytes` as they are on a new connection and reads what comes back
/// until the server closes it (or says nothing for a few seconds): the
/// status, if a response came, and all that was read.
fn send_raw(port: u16, bytes: &[u8]) -> (Option<u16>, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    // The server may hang up before reading it all.
    let _ = stream.write_all(bytes);
    let mut got = Vec::new();
    let _ = stream.read_to_end(&mut got);
    let text = String::from_utf8_lossy(&got).into_owned();
    let status = text
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|s| s.parse().ok());
    (status, text)
}

#[test]
fn malformed_and_hostile_requests_are_refused_and_the_server_carries_on() {
    let dir = archive();
    let secret = "TOP-SECRET-NOT-IN-THE-SITE";
    fs::write(dir.path().join("secret.txt"), secret).unwrap();
    let server = start(dir.path());
    fs::write(dir.path().join("public/.hidden.txt"), secret).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("public/link.txt"),
    )
    .unwrap();
    // An open event stream and a client stalled midway through its head
    // hold up nothing below.
    let stream = events(server.port);
    wait_for_event(&stream, "hello");
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    for byte in b"GET /../secret.txt HTTP/1.1\r\nHo" {
        slow.write_all(&[*byte]).unwrap();
        thread::sleep(Duration::from_millis(10));
    }

    let close = "HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    let mut hostile: Vec<Vec<u8>> = [
        "NONSENSE\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "GET / HTTP/1.1\r\nno colon in this header\r\n\r\n",
        "DELETE /index.html HTTP/1.1\r\nConnection: close\r\n\r\n",
    ]
    .iter()
    .map(|r| r.as_bytes().to_vec())
    .collect();
    hostile.push(b"GET /\xff\xfe HTTP/1.1\r\n\r\n".to_vec());
    for path in [
        "/../secret.txt",
        "/reports/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/reports%2f..%2f..%2fsecret.txt",
        "/%2fetc%2fpasswd",
        "/..%5csecret.txt",
        "/reports%5c..%5c..%5csecret.txt",
        "//secret.txt",
        "/.hidden.txt",
        "/%2ehidden.txt",
        "/link.txt",
        "secret.txt",
        "http://localhost/../secret.txt",
    ] {
        hostile.push(format!("GET {path} {close}").into_bytes());
    }
    let huge = format!(
        "GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Big: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    hostile.push(huge.into_bytes());
    for request in &hostile {
        let shown = String::from_utf8_lossy(&request[..request.len().min(60)]).into_owned();
        let (status, response) = send_raw(server.port, request);
        assert!(
            status.is_none_or(|s| (400..500).contains(&s)),
            "{shown:?}: refused or dropped, got {status:?}"
        );
        assert!(!response.contains(secret), "{shown:?}: {response}");
    }

    // The stalled client never got a page; normal requests are served
    // promptly meanwhile and after.
    slow.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut got = Vec::new();
    let _ = slow.read_to_end(&mut got);
    let got = String::from_utf8_lossy(&got);
    assert!(got.is_empty() || got.starts_with("HTTP/1.1 4"), "{got}");
    let started = Instant::now();
    let (status, page) = get(server.port, "/reports/r.html");
    assert_eq!(status, 200);
    assert!(page.contains("雪亮工程"));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "served in {:?}",
        started.elapsed()
    );
    drop(slow);
    assert_eq!(get(server.port, "/").0, 200);
}
