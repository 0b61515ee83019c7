//! The Action's installer (release/install.sh) against a release served from loopback: a good
//! binary is verified and installed, a tampered one is refused with both hashes, a missing asset
//! or a runner without a prebuilt binary falls back to building the source, and the version is
//! the action's own whether it is used by tag, moving tag or commit. `uname` and `cargo` are
//! stand-ins on PATH: the runner's kind is what is being varied, and a real build would take
//! minutes.

use std::io::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ASSET: &str = "ladder-x86_64-unknown-linux-musl.tar.gz";

struct Action {
    dir: tempfile::TempDir,
}

impl Action {
    /// An action checkout at version 0.4.2 whose committed table lists `listed` for that version.
    fn new(listed: &str) -> Action {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::create_dir_all(dir.path().join("action/release")).expect("mkdir");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("release/install.sh"),
            dir.path().join("action/release/install.sh"),
        )
        .expect("copy");
        std::fs::write(
            dir.path().join("action/Cargo.toml"),
            "[package]\nname = \"ladder\"\nversion = \"0.4.2\"\n",
        )
        .expect("cargo toml");
        std::fs::write(
            dir.path().join("action/release/checksums.txt"),
            format!(
                "# version asset sha256\nv0.4.1 {ASSET} {}\nv0.4.2 {ASSET} {listed}\n",
                "0".repeat(64)
            ),
        )
        .expect("table");
        std::fs::create_dir_all(dir.path().join("bin")).expect("bin");
        std::fs::create_dir_all(dir.path().join("home")).expect("home");
        let action = Action { dir };
        action.stand_in(
            "uname",
            "case \"$1\" in -s) echo Linux ;; -m) echo x86_64 ;; esac",
        );
        action.stand_in(
            "cargo",
            &format!(
                "echo \"$@\" > {}",
                action.dir.path().join("cargo-called").display()
            ),
        );
        action
    }

    fn stand_in(&self, name: &str, body: &str) {
        let file = self.dir.path().join("bin").join(name);
        std::fs::write(&file, format!("#!/bin/sh\n{body}\n")).expect("write");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("home/.ladder")
    }

    fn cargo_called(&self) -> Option<String> {
        std::fs::read_to_string(self.dir.path().join("cargo-called")).ok()
    }

    fn install(&self, server: &MockServer, env: &[(&str, &str)]) -> (Option<i32>, String, String) {
        let mut command = std::process::Command::new("bash");
        command
            .arg(self.dir.path().join("action/release/install.sh"))
            .env_clear()
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", self.dir.path().join("bin").display()),
            )
            .env("HOME", self.dir.path().join("home"))
            .env("LADDER_ACTION_PATH", self.dir.path().join("action"))
            .env("LADDER_ACTION_REPOSITORY", "acme/ladder")
            .env("LADDER_RELEASE_URL", format!("{}/releases", server.uri()));
        for (name, value) in env {
            command.env(name, value);
        }
        let output = command.output().expect("bash");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).to_string(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    }
}

/// A release asset holding a `ladder` that says who it is.
fn tarball() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp");
    let binary = dir.path().join("ladder");
    std::fs::write(&binary, "#!/bin/sh\necho released ladder\n").expect("write");
    std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let out = std::process::Command::new("tar")
        .args(["-czf", "-", "-C"])
        .arg(dir.path())
        .arg("ladder")
        .output()
        .expect("tar");
    assert!(out.status.success());
    out.stdout
}

fn sha256(bytes: &[u8]) -> String {
    let mut child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sha256sum");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

async fn release(serve: Option<Vec<u8>>) -> MockServer {
    let server = MockServer::start().await;
    let response = match serve {
        Some(bytes) => ResponseTemplate::new(200).set_body_bytes(bytes),
        None => ResponseTemplate::new(404),
    };
    Mock::given(method("GET"))
        .and(path(format!("/releases/v0.4.2/{ASSET}")))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verified_binary_is_installed_for_a_tag_a_moving_tag_and_a_commit() {
    let asset = tarball();
    for reference in ["v0.4.2", "v0", "3f1c2b7e9d0a4c5b6e7f8091a2b3c4d5e6f70819"] {
        let action = Action::new(&sha256(&asset));
        let server = release(Some(asset.clone())).await;
        let (code, stdout, stderr) = action.install(&server, &[("LADDER_ACTION_REF", reference)]);
        assert_eq!(code, Some(0), "{stdout}{stderr}");
        assert!(
            stdout.contains(&format!("ladder: version v0.4.2 (action ref {reference})"))
                && stdout.contains("ladder: installed the verified v0.4.2 binary"),
            "{stdout}"
        );
        let ran = std::process::Command::new(action.root().join("bin/ladder"))
            .output()
            .expect("run");
        assert_eq!(String::from_utf8_lossy(&ran.stdout), "released ladder\n");
        assert_eq!(action.cargo_called(), None);
        let (_, again, _) = action.install(&server, &[("LADDER_ACTION_REF", reference)]);
        assert!(again.contains("using the cached install"), "{again}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_binary_fails_with_both_hashes_and_is_never_installed() {
    let asset = tarball();
    let action = Action::new(&sha256(&asset));
    let mut tampered = asset.clone();
    tampered.extend_from_slice(b"trailing bytes");
    let server = release(Some(tampered.clone())).await;
    let (code, _, stderr) = action.install(&server, &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains(&format!(
            "got {}, expected {}",
            sha256(&tampered),
            sha256(&asset)
        )),
        "{stderr}"
    );
    assert!(!action.root().join("bin/ladder").exists());
    assert_eq!(action.cargo_called(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_asset_an_unlisted_version_or_another_runner_builds_from_source() {
    let asset = tarball();
    // The asset is listed but the release does not have it.
    let action = Action::new(&sha256(&asset));
    let server = release(None).await;
    let (code, stdout, _) = action.install(&server, &[]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("could not be downloaded"), "{stdout}");
    let called = action.cargo_called().expect("cargo install");
    assert!(
        called.starts_with("install --locked --path ") && called.contains("--root"),
        "{called}"
    );

    // A version the committed table does not list.
    let action = Action::new(&sha256(&asset));
    let server = release(Some(asset.clone())).await;
    let (_, stdout, _) = action.install(&server, &[("LADDER_VERSION", "v9.9.9")]);
    assert!(
        stdout.contains("has no entry for ladder-x86_64-unknown-linux-musl.tar.gz at v9.9.9"),
        "{stdout}"
    );
    assert!(action.cargo_called().is_some());

    // A runner releases carry no binary for.
    let action = Action::new(&sha256(&asset));
    action.stand_in(
        "uname",
        "case \"$1\" in -s) echo Darwin ;; -m) echo arm64 ;; esac",
    );
    let (_, stdout, _) = action.install(&server, &[]);
    assert!(
        stdout.contains("no prebuilt binary for Darwin arm64 runners"),
        "{stdout}"
    );
    assert!(action.cargo_called().is_some());
}
