//! Long lists written as one HTML string, and the data a page's hydration script leaves out.
//!
//! A forum page's rows (20 posts, 20 topics) cost about a third of its server time when each is a
//! tree of components: the views, their owners, and the same rows again as JSON in the
//! hydration script. Written as a string and set with `inner_html`, the rows cost a few
//! `push_str`s; the browser keeps what the server wrote (tachys does not set `inner_html`
//! when it hydrates) and writes the string itself when newer rows come.
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Data the server has already written into the page as HTML. It is serialized as nothing,
/// so a resource holding it leaves it out of the hydration script; the browser then holds
/// `T::default()` (an empty list: keep what the page shows) until it loads data itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InPage<T>(pub T);

impl<T> Serialize for InPage<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit()
    }
}

impl<'de, T: Default> Deserialize<'de> for InPage<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <()>::deserialize(d)?;
        Ok(InPage(T::default()))
    }
}

/// Rows written once per server render. Leptos's server render builds an async boundary's
/// view more than once (to find the resources it reads, then to write it), and each build
/// wrote every row again: three times a page (callgrind). Clones share the string, so the
/// value a resource hands to each build carries the rows written by the first. In the
/// browser the rows follow the page's signals, so they are written on every call.
#[derive(Clone, Debug, Default)]
pub struct WrittenOnce(#[cfg(feature = "ssr")] std::sync::Arc<std::sync::OnceLock<String>>);

impl PartialEq for WrittenOnce {
    /// Any two are alike: what they hold follows from the data beside them.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl WrittenOnce {
    /// The rows `write` makes, written at most once on the server.
    pub fn get_or_write(&self, write: impl FnOnce() -> String) -> String {
        #[cfg(feature = "ssr")]
        {
            self.0.get_or_init(write).clone()
        }
        #[cfg(not(feature = "ssr"))]
        {
            write()
        }
    }
}

/// Appends text, escaped for an element's content.
pub fn push_text(out: &mut String, s: &str) {
    html_escape::encode_text_to_string(s, out);
}

/// Appends text, escaped for a double-quoted attribute value.
pub fn push_attr(out: &mut String, s: &str) {
    html_escape::encode_double_quoted_attribute_to_string(s, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut out = String::new();
        push_text(&mut out, "<script>alert(1)</script> & 党员");
        out.push('|');
        push_attr(&mut out, "\" onmouseover=\"x");
        assert_eq!(out, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 党员|&quot; onmouseover=&quot;x");
    }

    #[test]
    fn in_page_data_stays_out_of_the_hydration_data() {
        let json = serde_json::to_string(&(1, InPage(vec!["a long post".to_owned()]))).unwrap();
        assert_eq!(json, "[1,null]");
        let back: (i32, InPage<Vec<String>>) = serde_json::from_str(&json).unwrap();
        assert!(back.1 .0.is_empty());
    }
}
