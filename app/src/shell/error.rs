//! The one error type of Lianxin, shared by browser and server.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// Every failure a user can meet, with the Chinese message shown to them.
/// The UI switches on the variant (serialised as `code`), never on the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AppError {
    #[error("请先登录")]
    Unauthenticated,
    #[error("您没有权限进行此操作")]
    Forbidden,
    #[error("内容不存在或已被删除")]
    NotFound,
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("操作过于频繁，请稍后再试")]
    RateLimited,
    /// An incident id, never the cause: the cause stays in the server log.
    #[error("系统繁忙，请稍后再试（编号 {0}）")]
    Internal(String),
    #[error("网络连接中断，内容会在恢复后发送")]
    Offline(String),
    #[error("页面版本已过期，请刷新后重试")]
    Protocol(String),
}

impl AppError {
    /// A rejected input, tied to the form field that holds it.
    pub fn invalid(field: &str, message: &str) -> Self {
        AppError::Invalid { field: field.to_owned(), message: message.to_owned() }
    }

    /// The stable machine-readable code (the serde tag), e.g. `not_found`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Invalid { .. } => "invalid",
            AppError::Conflict(_) => "conflict",
            AppError::RateLimited => "rate_limited",
            AppError::Internal(_) => "internal",
            AppError::Offline(_) => "offline",
            AppError::Protocol(_) => "protocol",
        }
    }

    /// The HTTP status the server answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited => 429,
            AppError::Protocol(_) => 400,
            AppError::Internal(_) | AppError::Offline(_) => 500,
        }
    }

    /// Logs the cause with its call site and an incident id; returns only the id.
    #[cfg(feature = "ssr")]
    #[track_caller]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        use rand::Rng;
        let id: String = rand::rng()
            .sample_iter(rand::distr::Alphanumeric)
            .take(8)
            .map(char::from)
            .collect();
        let at = std::panic::Location::caller();
        tracing::error!(incident = %id, at = %at, cause = %cause, "internal error");
        AppError::Internal(id)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(e: ServerFnErrorErr) -> Self {
        match e {
            // The request never reached the server: the network is down.
            ServerFnErrorErr::Request(m) => AppError::Offline(m),
            other => AppError::Protocol(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    #[track_caller]
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => AppError::internal(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_the_serialised_tag() {
        for e in [
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::invalid("title", "标题至少需要 4 个字"),
            AppError::Conflict("已存在".into()),
            AppError::RateLimited,
            AppError::Internal("abc".into()),
            AppError::Offline("x".into()),
            AppError::Protocol("x".into()),
        ] {
            let json = serde_json::to_value(&e).unwrap();
            assert_eq!(json["code"], e.code());
            let back: AppError = serde_json::from_value(json).unwrap();
            assert_eq!(back, e);
        }
    }

    #[test]
    fn messages_are_chinese_and_internal_errors_show_only_the_incident_id() {
        assert_eq!(AppError::Forbidden.to_string(), "您没有权限进行此操作");
        assert_eq!(AppError::Internal("k3x9".into()).to_string(), "系统繁忙，请稍后再试（编号 k3x9）");
        assert_eq!(AppError::invalid("f", "请输入内容").to_string(), "请输入内容");
    }
}
