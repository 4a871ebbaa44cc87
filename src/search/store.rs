//! The index directory: generations of an index side by side, and an atomic switch between them.
//!
//! ```text
//! index/
//!   CURRENT            the name of the live generation ("gen-000007"), replaced by rename
//!   gen-000007/        a complete Tantivy index plus dictionaries.json and suggestions.json
//!   gen-000008.building/  a build in progress; never read, removed at the next start
//! ```
//!
//! A build writes a new generation beside the live one and switches `CURRENT` only when the new
//! one is complete and synced to disk, so a crash at any moment leaves the old index serving
//! and at worst a `.building` folder to clean up.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

const CURRENT: &str = "CURRENT";
const BUILDING_SUFFIX: &str = ".building";

#[derive(Debug, Clone)]
pub struct IndexDir {
    root: PathBuf,
}

impl IndexDir {
    pub fn new(root: impl Into<PathBuf>) -> IndexDir {
        IndexDir { root: root.into() }
    }

    /// The live generation's folder, if an index has been published here.
    pub fn current(&self) -> std::io::Result<Option<PathBuf>> {
        match fs::read_to_string(self.root.join(CURRENT)) {
            Ok(name) => {
                let name = name.trim();
                if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                    return Err(std::io::Error::other(format!(
                        "{}: {name:?} is not a generation name; delete the index folder to rebuild",
                        self.root.join(CURRENT).display()
                    )));
                }
                Ok(Some(self.root.join(name)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Creates an empty folder for the next generation.
    pub fn begin_generation(&self) -> std::io::Result<PathBuf> {
        fs::create_dir_all(&self.root)?;
        let next = self.generation_numbers()?.into_iter().max().unwrap_or(0) + 1;
        let path = self.root.join(format!("gen-{next:06}{BUILDING_SUFFIX}"));
        if path.exists() {
            fs::remove_dir_all(&path)?;
        }
        fs::create_dir(&path)?;
        Ok(path)
    }

    /// Makes a finished build the live generation and removes the generations before it.
    pub fn publish(&self, building: &Path) -> std::io::Result<PathBuf> {
        let name = building
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(BUILDING_SUFFIX))
            .ok_or_else(|| std::io::Error::other("not a generation being built"))?
            .to_string();
        sync_tree(building)?;
        let done = self.root.join(&name);
        fs::rename(building, &done)?;
        let tmp = self.root.join(format!("{CURRENT}.tmp"));
        {
            let mut file = fs::File::create(&tmp)?;
            file.write_all(name.as_bytes())?;
            file.sync_all()?;
        }
        fs::rename(&tmp, self.root.join(CURRENT))?;
        sync_dir(&self.root)?;
        self.remove_stale()?;
        Ok(done)
    }

    /// Removes unfinished builds and generations other than the live one.
    pub fn remove_stale(&self) -> std::io::Result<()> {
        let Ok(entries) = fs::read_dir(&self.root) else { return Ok(()) };
        let current = self.current()?;
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with("gen-") && Some(&path) != current.as_ref() && path.is_dir() {
                // Another process may be serving from it only until it reloads; the files it
                // holds open stay readable on Unix after removal.
                let _ = fs::remove_dir_all(&path);
            }
        }
        Ok(())
    }

    fn generation_numbers(&self) -> std::io::Result<Vec<u64>> {
        let mut numbers = Vec::new();
        for entry in fs::read_dir(&self.root)? {
            let name = entry?.file_name().to_string_lossy().to_string();
            let digits = name.trim_start_matches("gen-").trim_end_matches(BUILDING_SUFFIX);
            if name.starts_with("gen-") {
                if let Ok(n) = digits.parse() {
                    numbers.push(n);
                }
            }
        }
        Ok(numbers)
    }
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            fs::File::open(entry.path())?.sync_all()?;
        }
    }
    sync_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_switches_generations_and_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = IndexDir::new(tmp.path());
        assert_eq!(dir.current().unwrap(), None);
        let first = dir.begin_generation().unwrap();
        fs::write(first.join("x"), "1").unwrap();
        let live = dir.publish(&first).unwrap();
        assert_eq!(dir.current().unwrap(), Some(live.clone()));

        let abandoned = dir.begin_generation().unwrap();
        let second = dir.begin_generation().unwrap();
        assert_ne!(abandoned, second);
        let live2 = dir.publish(&second).unwrap();
        assert_eq!(dir.current().unwrap(), Some(live2));
        assert!(!live.exists(), "the old generation is removed");
        assert!(!abandoned.exists(), "an unfinished build is removed");
    }
}
