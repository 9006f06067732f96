//! What the server does with the text of a post: Markdown to HTML through an allow-list
//! sanitizer, @mentions, search terms and snippets (server only).
use std::collections::{BTreeSet, HashMap};

/// Where pictures of posts are served; the only image source a post may use.
pub const IMAGE_PATH: &str = "/api/forum/image?id=";
/// Where pictures of lessons are served (lessons render through this module too).
pub const STUDY_IMAGE_PATH: &str = "/api/study/image?id=";

/// Whether `src` is a picture of this site's own stores.
fn own_image(src: &str) -> bool {
    [IMAGE_PATH, STUDY_IMAGE_PATH].iter().any(|p| src.strip_prefix(p).is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())))
}

/// The `@username`s a text mentions (usernames: letters, digits, `_`, `.`, `-`).
pub fn mention_names(src: &str) -> Vec<String> {
    let mut names = BTreeSet::new();
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // An @ that starts a word (not inside an email address).
        if chars[i] == '@' && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            let name: String = chars[i + 1..].iter().take_while(|c| is_name_char(**c)).collect();
            let name = name.trim_end_matches(['.', '-']).to_owned();
            if (2..=32).contains(&name.len()) {
                i += name.len();
                names.insert(name.to_lowercase());
            }
        }
        i += 1;
    }
    names.into_iter().take(10).collect()
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Markdown-like text to safe HTML. Raw HTML in the text is shown as text; whatever the
/// Markdown produced then passes an allow-list (ammonia), so no script, event handler,
/// style or foreign image survives. `known` maps mentioned usernames that exist to their
/// display names; those become highlighted mentions.
pub fn render(src: &str, known: &HashMap<String, String>) -> String {
    use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    let parser = Parser::new_ext(src, Options::ENABLE_STRIKETHROUGH).flat_map(|ev| -> Vec<Event<'_>> {
        match ev {
            // Whatever HTML the author typed stays visible as text.
            Event::Html(s) | Event::InlineHtml(s) => vec![Event::Text(s)],
            // A post lives inside the page's own headings: its headings start at h3.
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                vec![Event::Start(Tag::Heading { level: level.max(HeadingLevel::H3), id, classes, attrs })]
            }
            Event::End(TagEnd::Heading(level)) => vec![Event::End(TagEnd::Heading(level.max(HeadingLevel::H3)))],
            Event::Text(t) if t.contains('@') && !known.is_empty() => mentions_in(&t, known)
                .into_iter()
                .map(|(s, is_mention)| if is_mention { Event::Html(CowStr::from(s)) } else { Event::Text(CowStr::from(s)) })
                .collect(),
            other => vec![other],
        }
    });
    let mut raw = String::new();
    html::push_html(&mut raw, parser);
    sanitizer().clean(&raw).to_string()
}

/// Splits text into plain pieces and mention markup for known names.
fn mentions_in(text: &str, known: &HashMap<String, String>) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '@' && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            let name: String = chars[i + 1..].iter().take_while(|c| is_name_char(**c)).collect();
            let name = name.trim_end_matches(['.', '-']).to_owned();
            if let Some(display) = known.get(&name.to_lowercase()) {
                if !plain.is_empty() {
                    out.push((std::mem::take(&mut plain), false));
                }
                out.push((format!("<span class=\"mention\" title=\"{}\">@{}</span>", escape(display), escape(&name)), true));
                i += 1 + name.chars().count();
                continue;
            }
        }
        plain.push(chars[i]);
        i += 1;
    }
    if !plain.is_empty() {
        out.push((plain, false));
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static CLEAN: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    CLEAN.get_or_init(|| {
        let mut b = ammonia::Builder::empty();
        b.add_tags([
            "p", "br", "strong", "em", "del", "blockquote", "ul", "ol", "li", "code", "pre", "a", "img", "h3", "h4", "h5", "h6",
            "hr", "span",
        ])
        .add_tag_attributes("a", ["href"])
        .add_tag_attributes("img", ["src", "alt"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("span", ["title"])
        .add_allowed_classes("span", ["mention"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("nofollow noopener noreferrer ugc"))
        // Pictures only from this forum's own store: no tracking pixels, no foreign hosts.
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") if !own_image(value) => None,
            ("a", "href") if value.starts_with("//") => None,
            _ => Some(value.into()),
        });
        b
    })
}

/// The search terms of a text: every pair of adjacent Chinese characters (a lone one on
/// its own) and every Latin word or number, lower-cased, each once.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_run = |run: &mut Vec<char>, out: &mut BTreeSet<String>| {
        if run.len() == 1 {
            out.insert(run[0].to_string());
        }
        for w in run.windows(2) {
            out.insert(w.iter().collect());
        }
        run.clear();
    };
    let flush_word = |word: &mut String, out: &mut BTreeSet<String>| {
        if !word.is_empty() {
            out.insert(word.to_lowercase());
            word.clear();
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, &mut out);
            if word.len() < 40 {
                word.push(c);
            }
        } else {
            flush_run(&mut run, &mut out);
            flush_word(&mut word, &mut out);
        }
    }
    flush_run(&mut run, &mut out);
    flush_word(&mut word, &mut out);
    out.into_iter().collect()
}

/// The terms of a query, longest and so rarest first; a lone Chinese character is not
/// enough to search with.
pub fn query_terms(q: &str) -> Vec<String> {
    let mut t: Vec<String> = terms(q).into_iter().filter(|t| !(t.chars().count() == 1 && t.chars().all(is_cjk))).collect();
    t.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    t.truncate(8);
    t
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0xF900..=0xFAFF)
}

/// Plain text of a post around the first place it holds `q`, at most about 80 characters.
pub fn snippet(body: &str, q: &str) -> String {
    let plain: String = body
        .chars()
        .map(|c| if matches!(c, '#' | '*' | '>' | '`' | '_' | '~' | '[' | ']') || c.is_whitespace() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let chars: Vec<char> = plain.chars().collect();
    let needle = q.trim().to_lowercase();
    let lower = plain.to_lowercase();
    let at = lower.find(&needle).map(|b| lower[..b].chars().count()).unwrap_or(0);
    let start = at.saturating_sub(20).min(chars.len());
    let end = (start + 80).min(chars.len());
    let mut s: String = chars[start..end].iter().collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> HashMap<String, String> {
        HashMap::new()
    }

    #[test]
    fn markdown_becomes_html_and_raw_html_stays_text() {
        let h = render("**加粗** 和 *斜体*\n\n> 引用\n\n- 一\n- 二", &none());
        assert!(h.contains("<strong>加粗</strong>") && h.contains("<em>斜体</em>"));
        assert!(h.contains("<blockquote>") && h.contains("<li>一</li>"));
        let h = render("<script>alert(1)</script><b onclick=x>粗</b>", &none());
        assert!(!h.contains("<script") && !h.contains("<b ") && h.contains("&lt;script&gt;"));
        assert!(render("# 标题", &none()).contains("<h3>标题</h3>"));
    }

    #[test]
    fn links_and_images_are_restricted() {
        let h = render("[点我](javascript:alert(1)) [好](https://example.org/)", &none());
        assert!(!h.contains("javascript:"));
        assert!(h.contains("href=\"https://example.org/\"") && h.contains("rel=\"nofollow noopener noreferrer ugc\""));
        let h = render("![x](https://evil.example/p.gif) ![y](/api/forum/image?id=42) ![z](/api/forum/image?id=1\"onerror=\"x)", &none());
        assert!(!h.contains("evil.example") && h.contains("src=\"/api/forum/image?id=42\"") && !h.contains("onerror"));
    }

    #[test]
    fn mentions_of_known_names_are_marked() {
        let mut known = HashMap::new();
        known.insert("dy0037".to_owned(), "王<小>明".to_owned());
        assert_eq!(mention_names("你好 @dy0037，还有 @ab 和 a@b.cn"), vec!["ab", "dy0037"]);
        let h = render("请 @dy0037 看看，@nobody 不在", &known);
        assert!(h.contains("<span class=\"mention\" title=\"王&lt;小&gt;明\">@dy0037</span>"), "{h}");
        assert!(h.contains("@nobody"));
    }

    #[test]
    fn chinese_text_is_indexed_as_bigrams_and_words() {
        assert_eq!(terms("党建工作 Rust 2024"), vec!["2024", "rust", "党建", "工作", "建工"]);
        assert_eq!(terms("学"), vec!["学"]);
        assert_eq!(query_terms("学"), Vec::<String>::new());
        assert_eq!(query_terms("党建"), vec!["党建"]);
        assert_eq!(snippet("# 标题\n\n这是**一段**关于党建工作的文字", "党建"), "标题 这是 一段 关于党建工作的文字");
    }
}
