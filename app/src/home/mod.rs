//! 首页: the landing page every member and resident sees first.
mod page;

pub use page::HomePage;
