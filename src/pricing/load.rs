//! Reading a sales file fast: the file is mapped, its lines are found a chunk per core, then
//! parsed on every core into one vector of [`SaleRecord`]s that borrow their text from the
//! mapped bytes, with errors still pointing at `FILE:LINE`.

use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::record::SaleRecord;
use crate::catalog::{parse_jsonl_line, JsonlError, LineError, Sale};

/// Bytes per chunk when finding lines: large enough to amortise the task, small enough to
/// balance cores.
const CHUNK_BYTES: usize = 4 << 20;

/// A sales file's bytes, mapped: the records read from it borrow them, so it lives until the
/// book is built.
pub struct SalesFile {
    path: PathBuf,
    map: Option<memmap2::Mmap>,
}

impl SalesFile {
    pub fn open(path: &Path) -> Result<SalesFile, JsonlError> {
        let io_error = |source| JsonlError::Io { path: path.to_path_buf(), source };
        let file = std::fs::File::open(path).map_err(io_error)?;
        // Mapped, not read: reading a 380 MB file copies it into fresh heap pages, and on this
        // kind of virtual machine touching fresh memory costs about as much as parsing it
        // (perf: 1.5 s of CPU zeroing pages for a million sales). The mapping shares the
        // kernel's cached pages. An empty file cannot be mapped on every platform; it has no
        // sales either way.
        let map = if file.metadata().map_err(io_error)?.len() == 0 {
            None
        } else {
            // SAFETY: the map is only read. A sales file truncated by another process while
            // it is mapped could fault (SIGBUS); sales files are written whole and then read,
            // never rewritten in place.
            Some(unsafe { memmap2::Mmap::map(&file) }.map_err(io_error)?)
        };
        Ok(SalesFile { path: path.to_path_buf(), map })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn bytes(&self) -> &[u8] {
        self.map.as_deref().unwrap_or_default()
    }

    /// Reads and checks every sale. With `skip_invalid` false the first bad line (in file
    /// order) is the error; with it true bad lines are returned beside the sales.
    pub fn records(&self, skip_invalid: bool) -> Result<(Vec<SaleRecord<'_>>, Vec<LineError>), JsonlError> {
        let started = std::time::Instant::now();
        let parsed = parse_sales(self.bytes(), &self.path, skip_invalid);
        tracing::debug!(path = %self.path.display(), bytes = self.bytes().len(), seconds = started.elapsed().as_secs_f64(), "sales read");
        parsed
    }
}

/// Reads a sales file into owned sales (for callers that keep or split them: the backtest).
/// Loading a book should borrow instead: [`SalesFile::records`].
pub fn read_sales(path: &Path, skip_invalid: bool) -> Result<(Vec<Sale>, Vec<LineError>), JsonlError> {
    let file = SalesFile::open(path)?;
    let (records, errors) = file.records(skip_invalid)?;
    Ok((records.iter().map(SaleRecord::to_sale).collect(), errors))
}

pub fn parse_sales<'a>(bytes: &'a [u8], path: &Path, skip_invalid: bool) -> Result<(Vec<SaleRecord<'a>>, Vec<LineError>), JsonlError> {
    let lines = line_ranges(bytes);
    // Every line parsed straight into its slot of one vector sized up front, and the records
    // then kept in that same allocation when the two types have the same size (the standard
    // library's in-place collect). Growing a vector per chunk and joining the chunks copied
    // every sale two or three times into fresh pages, and on this kind of virtual machine
    // first-touching memory costs more than the copy.
    let mut parsed: Vec<Result<Option<SaleRecord<'a>>, String>> = Vec::with_capacity(lines.len());
    lines
        .par_iter()
        .with_min_len(1024)
        .map(|range| {
            parse_jsonl_line::<SaleRecord<'a>>(&bytes[range.clone()]).and_then(|sale| match sale {
                Some(sale) => sale.validate().map(|()| Some(sale)),
                None => Ok(None),
            })
        })
        .collect_into_vec(&mut parsed);
    let errors: Vec<LineError> = parsed
        .iter()
        .enumerate()
        .filter_map(|(i, result)| {
            let message = result.as_ref().err()?;
            Some(LineError { file: path.to_path_buf(), line: i + 1, message: message.clone() })
        })
        .collect();
    if !skip_invalid && !errors.is_empty() {
        return Err(JsonlError::Line(errors.into_iter().next().expect("not empty")));
    }
    let sales: Vec<SaleRecord<'a>> = parsed.into_iter().filter_map(|result| result.ok().flatten()).collect();
    Ok((sales, errors))
}

/// Byte range of every line (without its line break), in file order, so line `i + 1` of the
/// file is `ranges[i]`. Found on every core, a chunk of the file each.
fn line_ranges(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut chunk_starts = vec![0];
    let mut start = 0;
    while start < bytes.len() {
        let mut end = (start + CHUNK_BYTES).min(bytes.len());
        while end < bytes.len() && bytes[end - 1] != b'\n' {
            end += 1;
        }
        chunk_starts.push(end);
        start = end;
    }
    let per_chunk: Vec<Vec<Range<usize>>> = chunk_starts
        .par_windows(2)
        .map(|w| {
            let (from, to) = (w[0], w[1]);
            let mut ranges = Vec::new();
            let mut line_start = from;
            for (k, &b) in bytes[from..to].iter().enumerate() {
                if b == b'\n' {
                    ranges.push(line_start..from + k);
                    line_start = from + k + 1;
                }
            }
            // The last line of the file may have no line break.
            if line_start < to {
                ranges.push(line_start..to);
            }
            ranges
        })
        .collect();
    per_chunk.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"id":"s1","category":"watches","condition":"good","salePrice":"100.00","soldAt":"2024-01-01T00:00:00Z"}"#;

    #[test]
    fn reports_the_line_of_a_bad_sale() {
        let text = format!("{GOOD}\n\n{}\n", GOOD.replace("100.00", "-5"));
        let err = parse_sales(text.as_bytes(), Path::new("sales.jsonl"), false).unwrap_err().to_string();
        assert!(err.starts_with("sales.jsonl:3: sale s1: salePrice must be greater than 0"), "{err}");
        let (sales, skipped) = parse_sales(text.as_bytes(), Path::new("sales.jsonl"), true).unwrap();
        assert_eq!((sales.len(), skipped.len()), (1, 1));
    }

    #[test]
    fn counts_lines_across_chunks_and_reads_a_last_line_without_a_break() {
        // Enough lines for several parse chunks, a bad one far in, and no final line break.
        let count = 2 * CHUNK_BYTES / GOOD.len() + 10;
        let mut lines: Vec<String> = (0..count).map(|i| GOOD.replace("\"s1\"", &format!("\"s{i}\""))).collect();
        let bad = count - 5;
        lines[bad] = GOOD.replace("watches", "");
        let text = lines.join("\n");
        let err = parse_sales(text.as_bytes(), Path::new("big.jsonl"), false).unwrap_err().to_string();
        assert!(err.starts_with(&format!("big.jsonl:{}:", bad + 1)), "{err}");
        let (sales, skipped) = parse_sales(text.as_bytes(), Path::new("big.jsonl"), true).unwrap();
        assert_eq!((sales.len(), skipped.len()), (count - 1, 1));
        assert_eq!(sales.last().map(|s| &*s.id), Some(format!("s{}", count - 1).as_str()));
        assert_eq!(&*sales[bad].id, format!("s{}", bad + 1), "the sales keep file order");
    }
}
