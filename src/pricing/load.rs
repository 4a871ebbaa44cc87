//! Reading a sales file fast: the file is split at line breaks into chunks parsed on every core,
//! with errors still pointing at `FILE:LINE`.

use std::path::Path;

use rayon::prelude::*;

use crate::catalog::{parse_jsonl_line, validate_sale, JsonlError, LineError, Sale};

/// Bytes per parse chunk: large enough to amortise the task, small enough to balance cores.
const CHUNK_BYTES: usize = 4 << 20;

/// Reads and checks every sale of a JSON Lines file. With `skip_invalid` false the first bad
/// line (in file order) is the error; with it true bad lines are returned beside the sales.
pub fn read_sales(path: &Path, skip_invalid: bool) -> Result<(Vec<Sale>, Vec<LineError>), JsonlError> {
    let started = std::time::Instant::now();
    let io_error = |source| JsonlError::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io_error)?;
    // Mapped, not read: reading a 380 MB file copies it into fresh heap pages, and on this kind
    // of virtual machine touching fresh memory costs about as much as parsing it (perf: 1.5 s of
    // CPU zeroing pages for a million sales). The mapping shares the kernel's cached pages.
    // An empty file cannot be mapped on every platform; it has no sales either way.
    let mapped;
    let bytes: &[u8] = if file.metadata().map_err(io_error)?.len() == 0 {
        &[]
    } else {
        // SAFETY: the map is only read, and dropped before this function returns. A sales file
        // truncated by another process while it is parsed could fault (SIGBUS); sales files are
        // written whole and then read, never rewritten in place.
        mapped = unsafe { memmap2::Mmap::map(&file) }.map_err(io_error)?;
        &mapped
    };
    let parsed = parse_sales(bytes, path, skip_invalid);
    tracing::debug!(path = %path.display(), bytes = bytes.len(), seconds = started.elapsed().as_secs_f64(), "sales read");
    parsed
}

pub fn parse_sales(bytes: &[u8], path: &Path, skip_invalid: bool) -> Result<(Vec<Sale>, Vec<LineError>), JsonlError> {
    // Chunk boundaries just after a newline, and the line number each chunk starts at.
    let mut chunks = Vec::new();
    let (mut start, mut line) = (0usize, 1usize);
    while start < bytes.len() {
        let mut end = (start + CHUNK_BYTES).min(bytes.len());
        while end < bytes.len() && bytes[end - 1] != b'\n' {
            end += 1;
        }
        chunks.push((start, end, line));
        line += bytes[start..end].iter().filter(|&&b| b == b'\n').count();
        start = end;
    }
    let parsed: Vec<(Vec<Sale>, Vec<LineError>)> = chunks
        .par_iter()
        .map(|&(start, end, first_line)| {
            let mut sales = Vec::new();
            let mut errors = Vec::new();
            for (k, raw) in bytes[start..end].split(|&b| b == b'\n').enumerate() {
                let result = parse_jsonl_line::<Sale>(raw).and_then(|sale| match sale {
                    Some(sale) => validate_sale(&sale).map(|()| Some(sale)),
                    None => Ok(None),
                });
                match result {
                    Ok(Some(sale)) => sales.push(sale),
                    Ok(None) => {}
                    Err(message) => {
                        errors.push(LineError { file: path.to_path_buf(), line: first_line + k, message });
                        if !skip_invalid {
                            break;
                        }
                    }
                }
            }
            (sales, errors)
        })
        .collect();
    let mut sales = Vec::with_capacity(parsed.iter().map(|p| p.0.len()).sum());
    let mut errors = Vec::new();
    for (s, e) in parsed {
        if !skip_invalid && !e.is_empty() {
            return Err(JsonlError::Line(e.into_iter().next().expect("not empty")));
        }
        sales.extend(s);
        errors.extend(e);
    }
    Ok((sales, errors))
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
}
