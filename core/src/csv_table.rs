//! The officer's CSV files (the ön başvuru list, the certificates): UTF-8 with a header line, a BOM
//! before it allowed (what spreadsheet programs write). Line numbers count the header as line 1, so
//! `satır N` is the row the officer sees in the spreadsheet.

/// The records of `text` after the header, each with its line and its fields, or why the line
/// cannot be read; blank lines are skipped. `Err` when the header is not `header` (as
/// `satır 1: …`).
pub(crate) fn rows<'a>(
    text: &'a str,
    header: &'a [&'a str],
) -> Result<impl Iterator<Item = (u64, Result<csv::StringRecord, String>)> + 'a, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let found: Vec<String> = match reader.headers() {
        Ok(found) => found.iter().map(|h| h.trim().to_string()).collect(),
        Err(error) => return Err(format!("satır 1: okunamadı: {error}")),
    };
    if found != header {
        return Err(format!("satır 1: başlık '{}' olmalı", header.join(",")));
    }
    Ok(reader.into_records().filter_map(move |record| match record {
        Err(error) => Some((line_at(text, error.position()), Err(format!("okunamadı: {error}")))),
        Ok(record) if record.iter().all(|field| field.trim().is_empty()) => None,
        Ok(record) => {
            let line = line_at(text, record.position());
            if record.len() == header.len() {
                Some((line, Ok(record)))
            } else {
                Some((line, Err(format!("{} sütun olmalı, {} var", header.len(), record.len()))))
            }
        }
    }))
}

/// The line a record starts on. Not the csv crate's own `line()`: it counts a CRLF's `\n`, and a
/// blank line, toward the record after it (Excel's CRLF files were a line short).
fn line_at(text: &str, position: Option<&csv::Position>) -> u64 {
    let Some(start) = position.and_then(|p| usize::try_from(p.byte()).ok()) else { return 0 };
    let bytes = text.as_bytes();
    let start = start.min(bytes.len());
    let skipped = bytes[start..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
    1 + bytes[..start + skipped].iter().filter(|b| **b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<u64> {
        rows(text, &["a", "b"]).unwrap().map(|(line, _)| line).collect()
    }

    #[test]
    fn lines_are_the_spreadsheets_with_crlf_blank_lines_and_quoted_newlines() {
        assert_eq!(lines("a,b\n1,2\n3,4\n"), [2, 3]);
        assert_eq!(lines("a,b\r\n1,2\r\n3,4\r\n"), [2, 3]);
        assert_eq!(lines("\u{feff}a,b\r\n\r\n1,2\n\n3,4"), [3, 5]);
        assert_eq!(lines("a,b\r\n\"x\ny\",2\r\n3,4\r\n"), [2, 4]);
    }
}
