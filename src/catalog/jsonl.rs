//! Reading JSON Lines files with errors that point at `FILE:LINE`.
//!
//! Invalid UTF-8, malformed JSON, missing required keys and values that break a record's rules
//! are all reported the same way, so a user can open the file at the line and fix it.

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

/// One bad line: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub file: PathBuf,
    /// 1-based, as editors count.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JsonlError {
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Line(LineError),
}

/// What a tolerant read (`--skip-invalid`) skipped.
#[derive(Debug, Default, Clone)]
pub struct JsonlReport {
    pub skipped: Vec<LineError>,
}

/// Reads every record of a JSON Lines file, calling `validate` on each parsed record.
///
/// Blank lines are ignored. With `skip_invalid` false the first bad line is returned as an error
/// and nothing is yielded to the caller (the caller builds nothing half-way); with it true each
/// bad line is collected in the report and reading goes on.
pub fn read_jsonl<T, F>(
    path: &Path,
    skip_invalid: bool,
    mut validate: F,
) -> Result<(Vec<T>, JsonlReport), JsonlError>
where
    T: DeserializeOwned,
    F: FnMut(&T) -> Result<(), String>,
{
    let file = std::fs::File::open(path)
        .map_err(|source| JsonlError::Io { path: path.to_path_buf(), source })?;
    read_jsonl_from(file, path, skip_invalid, &mut validate)
}

pub(crate) fn read_jsonl_from<T, R, F>(
    reader: R,
    path: &Path,
    skip_invalid: bool,
    validate: &mut F,
) -> Result<(Vec<T>, JsonlReport), JsonlError>
where
    T: DeserializeOwned,
    R: Read,
    F: FnMut(&T) -> Result<(), String>,
{
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let mut records = Vec::new();
    let mut report = JsonlReport::default();
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|source| JsonlError::Io { path: path.to_path_buf(), source })?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let outcome = parse_jsonl_line::<T>(&buf).and_then(|record| {
            if let Some(r) = &record {
                validate(r)?;
            }
            Ok(record)
        });
        match outcome {
            Ok(Some(record)) => records.push(record),
            Ok(None) => {}
            Err(message) => {
                let error = LineError { file: path.to_path_buf(), line: line_no, message };
                if skip_invalid {
                    report.skipped.push(error);
                } else {
                    return Err(JsonlError::Line(error));
                }
            }
        }
    }
    Ok((records, report))
}

/// Parses one line; `Ok(None)` for a blank line, `Err` with a message fit for `FILE:LINE:`.
pub fn parse_jsonl_line<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Result<Option<T>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!("invalid UTF-8 at byte {} of the line; save the file as UTF-8", e.valid_up_to())
    })?;
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Ok(None);
    }
    serde_json::from_str::<T>(text).map(Some).map_err(|e| {
        // serde_json's message already names the key and the column; drop its "line 1" part.
        let msg = e.to_string();
        match msg.rfind(" at line ") {
            Some(i) => format!("{} (column {})", &msg[..i], e.column()),
            None => msg,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Listing;

    fn read(text: &[u8], skip: bool) -> Result<(Vec<Listing>, JsonlReport), JsonlError> {
        read_jsonl_from(text, Path::new("listings.jsonl"), skip, &mut |_: &Listing| Ok(()))
    }

    #[test]
    fn reads_records_and_ignores_blank_lines_and_unknown_keys() {
        let text = br#"{"id":"a","title":"Rolex","category":"watches","condition":"new","price":"100.50","extra":1}

{"id":"b","title":"bag","category":"bags","condition":"good","price":20}
"#;
        let (records, report) = read(text, false).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].price.to_string(), "100.50");
        assert_eq!(records[1].currency, "EGP");
        assert!(report.skipped.is_empty());
    }

    #[test]
    fn reports_file_and_line_of_invalid_utf8() {
        let mut text = br#"{"id":"a","title":"ok","category":"watches","condition":"new","price":1}"#.to_vec();
        text.extend_from_slice(b"\n{\"id\":\"b\",\"title\":\"\xff\xfe\"}\n");
        let err = read(&text, false).unwrap_err().to_string();
        assert!(err.starts_with("listings.jsonl:2: invalid UTF-8"), "{err}");
    }

    #[test]
    fn names_the_missing_key() {
        let err = read(br#"{"id":"a","category":"watches","condition":"new","price":1}"#, false)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("listings.jsonl:1: missing field `title`"), "{err}");
    }

    #[test]
    fn skip_invalid_collects_every_bad_line() {
        let text = b"not json\n{\"id\":\"b\",\"title\":\"t\",\"category\":\"c\",\"condition\":\"new\",\"price\":1}\n{}\n";
        let (records, report) = read(text, true).unwrap();
        assert_eq!(records.len(), 1);
        let lines: Vec<usize> = report.skipped.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 3]);
    }
}
