//! Changing the live index in place: what the change-stream drain uses.
//!
//! Every commit carries the vocabulary and the change-stream cursor in its payload, so the
//! documents and the position they reflect are saved by one atomic Tantivy commit.

use std::path::Path;

use tantivy::{Index, IndexWriter, Term};

use super::analyzer::Analyzers;
use super::document::listing_document;
use super::lexicon::Lexicon;
use super::schema::{build_schema, Fields};
use super::store::IndexDir;
use super::{IndexMeta, SyncCursor, DICTIONARIES_FILE};
use crate::catalog::{Dictionaries, Listing};

/// Memory for the in-place writer; changes arrive in small batches.
const UPDATER_MEMORY: usize = 64 * 1024 * 1024;

pub struct IndexUpdater {
    writer: IndexWriter,
    fields: Fields,
    lexicon: Lexicon,
    meta: IndexMeta,
}

impl IndexUpdater {
    /// Opens the live generation under `root` for writing. Only one writer may hold an index;
    /// a second one fails here rather than corrupt it.
    pub fn open(root: &Path) -> anyhow::Result<IndexUpdater> {
        let generation = IndexDir::new(root)
            .current()?
            .ok_or_else(|| anyhow::anyhow!("no index in {}; take a snapshot first", root.display()))?;
        let dictionaries: Dictionaries = serde_json::from_slice(&std::fs::read(generation.join(DICTIONARIES_FILE))?)?;
        let index = Index::open_in_dir(&generation)?;
        let (schema, fields) = build_schema();
        anyhow::ensure!(index.schema() == schema, "the index in {} is from another version of Dalil", root.display());
        Analyzers::new(&dictionaries).register(&index);
        let meta: IndexMeta = match index.load_metas()?.payload {
            Some(p) => serde_json::from_str(&p)?,
            None => IndexMeta::default(),
        };
        let writer = index.writer_with_num_threads(1, UPDATER_MEMORY)?;
        Ok(IndexUpdater { writer, fields, lexicon: Lexicon::new(dictionaries), meta })
    }

    /// Where the index stands in the change stream (none: built from files, needs a snapshot).
    pub fn cursor(&self) -> Option<SyncCursor> {
        self.meta.sync
    }

    /// Removes the listing with this id, if it is there.
    pub fn delete(&mut self, id: &str) {
        self.writer.delete_term(Term::from_field_text(self.fields.id, id));
    }

    /// Replaces (or adds) an active listing.
    pub fn upsert(&mut self, listing: &Listing) -> Result<(), String> {
        self.delete(&listing.id);
        let doc = listing_document(listing, None, &self.lexicon, &mut self.meta.vocabulary, &self.fields)?;
        self.writer.add_document(doc).map_err(|e| e.to_string())?;
        Ok(())
    }

    /// Makes the changes so far durable together with the cursor they bring the index to.
    pub fn commit(&mut self, cursor: SyncCursor) -> anyhow::Result<()> {
        self.meta.sync = Some(cursor);
        let mut commit = self.writer.prepare_commit()?;
        commit.set_payload(&serde_json::to_string(&self.meta)?);
        commit.commit()?;
        Ok(())
    }
}
