//! Embeddings cached by photo content, so a re-sync, a restart or a re-snapshot never runs the
//! model on a photo it has already seen.
//!
//! One append-only file per model (`<folder>/<model hash>.vectors`): records of the photo's
//! SHA-256 and its embedding as little-endian f32. A crash mid-append leaves a short last record,
//! which the next open drops. A different model writes to a different file, so vectors of two
//! models are never mixed.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// SHA-256 of a photo's bytes.
pub type ContentHash = [u8; 32];

pub fn content_hash(bytes: &[u8]) -> ContentHash {
    Sha256::digest(bytes).into()
}

pub fn hex(hash: &ContentHash) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

pub struct EmbeddingCache {
    dim: usize,
    path: PathBuf,
    inner: Mutex<Inner>,
}

struct Inner {
    vectors: HashMap<ContentHash, Vec<f32>>,
    file: BufWriter<File>,
}

impl EmbeddingCache {
    /// Opens (or starts) the cache of `model_identity` in `folder`.
    pub fn open(folder: &Path, model_identity: &str, dim: usize) -> std::io::Result<EmbeddingCache> {
        fs::create_dir_all(folder)?;
        let name = hex(&content_hash(model_identity.as_bytes()));
        let path = folder.join(format!("{}.vectors", &name[..16]));
        let mut vectors = HashMap::new();
        let record = 32 + 4 * dim;
        let mut valid = 0u64;
        if let Ok(mut f) = File::open(&path) {
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes)?;
            for chunk in bytes.chunks_exact(record) {
                let mut hash = [0u8; 32];
                hash.copy_from_slice(&chunk[..32]);
                let v: Vec<f32> = chunk[32..].chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
                vectors.insert(hash, v);
                valid += record as u64;
            }
        }
        let file = OpenOptions::new().create(true).append(true).open(&path)?;
        // Drop a torn last record so appends stay aligned.
        if file.metadata()?.len() != valid {
            file.set_len(valid)?;
        }
        Ok(EmbeddingCache { dim, path, inner: Mutex::new(Inner { vectors, file: BufWriter::new(file) }) })
    }

    pub fn get(&self, hash: &ContentHash) -> Option<Vec<f32>> {
        self.lock().vectors.get(hash).cloned()
    }

    pub fn len(&self) -> usize {
        self.lock().vectors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds embeddings and writes them through to the file.
    pub fn insert(&self, entries: &[(ContentHash, Vec<f32>)]) -> std::io::Result<()> {
        let mut inner = self.lock();
        for (hash, v) in entries {
            if v.len() != self.dim || inner.vectors.contains_key(hash) {
                continue;
            }
            inner.file.write_all(hash)?;
            for x in v {
                inner.file.write_all(&x.to_le_bytes())?;
            }
            inner.vectors.insert(*hash, v.clone());
        }
        inner.file.flush()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survives_reopening_and_a_torn_record() {
        let dir = tempfile::tempdir().unwrap();
        let h = content_hash(b"photo");
        {
            let cache = EmbeddingCache::open(dir.path(), "model-a", 3).unwrap();
            cache.insert(&[(h, vec![1.0, 2.0, 3.0])]).unwrap();
        }
        let cache = EmbeddingCache::open(dir.path(), "model-a", 3).unwrap();
        assert_eq!(cache.get(&h), Some(vec![1.0, 2.0, 3.0]));
        // A crash half-way through the next record.
        let mut f = OpenOptions::new().append(true).open(cache.path()).unwrap();
        f.write_all(&[7u8; 20]).unwrap();
        drop(cache);
        let cache = EmbeddingCache::open(dir.path(), "model-a", 3).unwrap();
        assert_eq!(cache.len(), 1);
        let h2 = content_hash(b"other");
        cache.insert(&[(h2, vec![4.0, 5.0, 6.0])]).unwrap();
        drop(cache);
        let cache = EmbeddingCache::open(dir.path(), "model-a", 3).unwrap();
        assert_eq!(cache.get(&h2), Some(vec![4.0, 5.0, 6.0]));
        // Another model starts empty.
        assert!(EmbeddingCache::open(dir.path(), "model-b", 3).unwrap().is_empty());
    }
}
