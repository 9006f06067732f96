//! Files the admin console downloads: CSV (UTF-8 with BOM, so Excel reads Chinese) and
//! XLSX, sent as one attachment (server only).
use super::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::ByteStream;

pub const CSV: &str = "text/csv; charset=utf-8";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Marks the answer as a download named `filename`; `ascii_name` serves clients that do
/// not read the UTF-8 name.
pub fn attach_file(filename: &str, ascii_name: &str, content_type: &'static str) {
    use http::{header, HeaderValue};
    let Some(res) = use_context::<leptos_axum::ResponseOptions>() else { return };
    res.insert_header(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // RFC 6266 / 5987: a UTF-8 name for browsers, an ASCII one for the rest.
    let encoded: String = filename
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}")) {
        res.insert_header(header::CONTENT_DISPOSITION, v);
    }
    res.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The bytes as a streamed answer of one chunk.
pub fn one_chunk(bytes: Vec<u8>) -> ByteStream<AppError> {
    ByteStream::new(futures::stream::once(async move { Ok::<_, AppError>(bytes) }))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is kept as text.
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

pub fn to_csv<H: AsRef<str>>(header: &[H], rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(header.iter().map(|h| h.as_ref())).map_err(AppError::internal)?;
    for row in rows {
        w.write_record(row.iter().map(|c| defuse(c))).map_err(AppError::internal)?;
    }
    w.into_inner().map_err(AppError::internal)
}

/// One worksheet, every cell text (ID numbers must not turn into floating point);
/// columns listed in `wide` get room for 24 characters.
pub fn to_xlsx<H: AsRef<str>>(sheet_name: &str, header: &[H], rows: &[Vec<String>], wide: &[usize]) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name).map_err(AppError::internal)?;
    let bold = Format::new().set_bold();
    for (c, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, title.as_ref(), &bold).map_err(AppError::internal)?;
        sheet.set_column_width(c as u16, if wide.contains(&c) { 24 } else { 12 }).map_err(AppError::internal)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, cell).map_err(AppError::internal)?;
        }
    }
    book.save_to_buffer().map_err(AppError::internal)
}
