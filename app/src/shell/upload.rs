//! Reading a multipart upload (server only): the `file` field in chunks, so an oversized
//! upload is refused without being held whole, and the short text fields beside it.
use super::AppError;
use std::collections::HashMap;

/// What a form sent: the file's bytes (empty when none) and the other fields as text.
pub struct Upload {
    pub file: Vec<u8>,
    pub fields: HashMap<String, String>,
}

impl Upload {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}

/// Reads every field of `data`; a `file` over `max_bytes` is refused with `too_big`.
pub async fn read(data: leptos::server_fn::codec::MultipartData, max_bytes: usize, too_big: &str) -> Result<Upload, AppError> {
    let mut multipart = data.into_inner().ok_or_else(|| AppError::internal("multipart data missing"))?;
    let broken = || AppError::invalid("file", "上传不完整，请重试");
    let mut up = Upload { file: Vec::new(), fields: HashMap::new() };
    while let Some(mut field) = multipart.next_field().await.map_err(|_| broken())? {
        match field.name().map(str::to_owned) {
            Some(name) if name == "file" => {
                while let Some(chunk) = field.chunk().await.map_err(|_| broken())? {
                    if up.file.len() + chunk.len() > max_bytes {
                        return Err(AppError::invalid("file", too_big));
                    }
                    up.file.extend_from_slice(&chunk);
                }
            }
            // Short fields only (ids, codes): a long one is no field of ours.
            Some(name) if up.fields.len() < 16 => {
                let text = field.text().await.map_err(|_| broken())?;
                up.fields.insert(name, text.chars().take(200).collect());
            }
            _ => {}
        }
    }
    Ok(up)
}
