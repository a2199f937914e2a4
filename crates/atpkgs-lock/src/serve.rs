//! A loopback HTTP server for the fetched tarballs, for package managers that refuse a local
//! file as the tarball of a registry package (pnpm 10.34 and later:
//! ERR_PNPM_RESOLUTION_SHAPE_MISMATCH). Each tarball is served at `/<n>/<file name>`, without
//! the store path's hash, so that nothing the package manager records names a store path.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};

pub struct TarballServer {
    base: String,
    /// Fetch id → URL path.
    paths: BTreeMap<String, String>,
}

impl TarballServer {
    /// Serves `fetched` (fetch id → file) on 127.0.0.1 at a free port, from a background thread
    /// that lives as long as the process.
    pub fn start(fetched: &BTreeMap<String, String>) -> Result<TarballServer> {
        let listener =
            TcpListener::bind("127.0.0.1:0").map_err(|source| Error::Serve { source })?;
        let port = listener
            .local_addr()
            .map_err(|source| Error::Serve { source })?
            .port();
        let mut paths = BTreeMap::new();
        let mut files = BTreeMap::new();
        for (index, (id, file)) in fetched.iter().enumerate() {
            let path = format!("/{index}/{}", without_store_hash(Path::new(file)));
            files.insert(path.clone(), PathBuf::from(file));
            paths.insert(id.clone(), path);
        }
        let files = Arc::new(files);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let files = Arc::clone(&files);
                std::thread::spawn(move || answer(stream, &files));
            }
        });
        Ok(TarballServer {
            base: format!("http://127.0.0.1:{port}"),
            paths,
        })
    }

    /// The server's root, as a registry address.
    pub fn registry(&self) -> String {
        format!("{}/", self.base)
    }

    /// Fetch id → the tarball's URL.
    pub fn urls(&self) -> BTreeMap<String, String> {
        self.paths
            .iter()
            .map(|(id, path)| (id.clone(), format!("{}{path}", self.base)))
            .collect()
    }
}

/// `/nix/store/<hash>-chalk-4.1.2.tgz` → `chalk-4.1.2.tgz`.
fn without_store_hash(file: &Path) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match name.split_once('-') {
        Some((hash, rest)) if hash.len() == 32 => rest.to_string(),
        _ => name,
    }
}

/// One request: `GET <path>` gets the file, anything else 404. The connection is then closed.
fn answer(stream: TcpStream, files: &BTreeMap<String, PathBuf>) {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // The headers end at the first empty line.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line.trim_end() != "" {
        line.clear();
    }
    let mut parts = request.split_whitespace();
    let file = match (parts.next(), parts.next()) {
        (Some("GET"), Some(path)) => files.get(path).and_then(|file| std::fs::read(file).ok()),
        _ => None,
    };
    let mut stream = &stream;
    let _ = match file {
        Some(body) => stream
            .write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            )
            .and_then(|()| stream.write_all(&body)),
        None => stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    };
}

#[cfg(test)]
mod tests {
    use super::{without_store_hash, TarballServer};
    use std::collections::BTreeMap;
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::path::Path;

    fn get(url: &str) -> String {
        let rest = url.strip_prefix("http://").unwrap();
        let (host, path) = rest.split_at(rest.find('/').unwrap());
        let mut stream = TcpStream::connect(host).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    #[test]
    fn serves_each_fetch_and_nothing_else() {
        let file = std::env::temp_dir().join(format!(
            "atpkgs-lock-serve-{}-chalk-4.1.2.tgz",
            std::process::id()
        ));
        std::fs::write(&file, b"tarball bytes").unwrap();
        let fetched = BTreeMap::from([("id".to_string(), file.display().to_string())]);
        let server = TarballServer::start(&fetched).unwrap();
        let url = &server.urls()["id"];
        assert!(url.starts_with(&server.registry()), "{url}");
        let response = get(url);
        assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
        assert!(response.ends_with("\r\n\r\ntarball bytes"), "{response}");
        assert!(get(&format!("{}other.tgz", server.registry())).starts_with("HTTP/1.1 404"));
        let _ = std::fs::remove_file(file);
    }

    #[test]
    fn store_hashes_are_left_out() {
        assert_eq!(
            without_store_hash(Path::new(
                "/nix/store/75fzpbkc8vr0k07vm1s2w7jbdkzhbg15-ansi-styles-4.3.0.tgz"
            )),
            "ansi-styles-4.3.0.tgz"
        );
        assert_eq!(
            without_store_hash(Path::new("/tmp/chalk-4.1.2.tgz")),
            "chalk-4.1.2.tgz"
        );
    }
}
