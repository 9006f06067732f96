//! Grading (server only): answers are stored by option number, shown in a shuffled order
//! per attempt, and mapped back here, so the browser never holds what is right.
use super::{letter, AnswerReview, QuestionKind, QuizQuestion};
use crate::shell::AppError;

/// A question of the bank as stored.
#[derive(Clone, Debug)]
pub struct StoredQuestion {
    pub id: i64,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    pub answer: String,
    pub explanation: String,
}

impl StoredQuestion {
    /// Options as they are offered: true/false questions always offer 对 and 错.
    pub fn offered(&self) -> Vec<String> {
        match self.kind {
            QuestionKind::Judge => vec!["正确".into(), "错误".into()],
            QuestionKind::Fill => Vec::new(),
            _ => self.options.clone(),
        }
    }

    /// The right option numbers (choice and true/false questions).
    fn right_options(&self) -> Vec<usize> {
        match self.kind {
            // Stored "1" is true, offered first.
            QuestionKind::Judge => vec![if self.answer.trim() == "1" { 0 } else { 1 }],
            _ => self.answer.split(',').filter_map(|s| s.trim().parse().ok()).collect(),
        }
    }

    /// Whether `given` (option numbers as stored, or text) answers it rightly.
    pub fn is_right(&self, given: &Given) -> bool {
        match (self.kind, given) {
            (QuestionKind::Fill, Given::Text(t)) => {
                let t = normalize(t);
                !t.is_empty() && self.answer.split('|').any(|a| normalize(a) == t)
            }
            (QuestionKind::Fill, _) | (_, Given::Text(_)) => false,
            (_, Given::Options(o)) => {
                let mut o = o.clone();
                o.sort_unstable();
                o.dedup();
                let mut r = self.right_options();
                r.sort_unstable();
                !o.is_empty() && o == r
            }
        }
    }

    /// The question as shown under `order` (offered option numbers in display order).
    pub fn shown(&self, no: usize, order: &[usize]) -> QuizQuestion {
        let offered = self.offered();
        QuizQuestion { no, kind: self.kind, stem: self.stem.clone(), options: order.iter().filter_map(|&i| offered.get(i).cloned()).collect() }
    }

    /// The review shown after answering, in the same display order.
    pub fn review(&self, no: usize, order: &[usize], given: &Given) -> AnswerReview {
        let shown = self.shown(no, order);
        let pos = |stored: usize| order.iter().position(|&i| i == stored);
        let letters = |stored: &[usize]| {
            let mut l: Vec<char> = stored.iter().filter_map(|&s| pos(s)).map(letter).collect();
            l.sort_unstable();
            l.into_iter().collect::<String>()
        };
        let (given_text, right_answer) = match (self.kind, given) {
            (QuestionKind::Fill, Given::Text(t)) => (t.clone(), self.answer.split('|').next().unwrap_or("").to_owned()),
            (QuestionKind::Fill, _) => (String::new(), self.answer.split('|').next().unwrap_or("").to_owned()),
            (_, Given::Options(o)) => (letters(o), letters(&self.right_options())),
            (_, Given::Text(_)) => (String::new(), letters(&self.right_options())),
        };
        AnswerReview {
            no,
            kind: self.kind,
            stem: shown.stem,
            options: shown.options,
            given: given_text,
            right_answer,
            right: self.is_right(given),
            explanation: self.explanation.clone(),
        }
    }
}

/// An answer mapped back to stored option numbers, or a fill-in text.
#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    Options(Vec<usize>),
    Text(String),
}

/// Reads an answer as the page sends it: display positions ("0,2") for choices, text for
/// fill-ins; display positions are mapped to stored option numbers through `order`.
pub fn parse_given(kind: QuestionKind, raw: &str, order: &[usize]) -> Given {
    if kind == QuestionKind::Fill {
        return Given::Text(raw.trim().chars().take(100).collect());
    }
    Given::Options(raw.split(',').filter_map(|s| s.trim().parse::<usize>().ok()).filter_map(|p| order.get(p).copied()).collect())
}

fn normalize(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '。' | '.' | '，' | ',')).flat_map(|c| c.to_lowercase()).collect()
}

/// An attempt's questions with their display orders: "12:2-0-1;15:1-0".
pub fn encode(items: &[(i64, Vec<usize>)]) -> String {
    items
        .iter()
        .map(|(id, o)| format!("{id}:{}", o.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("-")))
        .collect::<Vec<_>>()
        .join(";")
}

pub fn decode(raw: &str) -> Vec<(i64, Vec<usize>)> {
    raw.split(';')
        .filter_map(|item| {
            let (id, order) = item.split_once(':')?;
            Some((id.parse().ok()?, order.split('-').filter_map(|i| i.parse().ok()).collect()))
        })
        .collect()
}

/// A random display order for a question's offered options.
pub fn shuffled(q: &StoredQuestion, rng: &mut impl rand::Rng) -> Vec<usize> {
    use rand::seq::SliceRandom;
    let mut order: Vec<usize> = (0..q.offered().len()).collect();
    // 正确 stays before 错误: people expect that order.
    if q.kind != QuestionKind::Judge {
        order.shuffle(rng);
    }
    order
}

/// Checks a question as an organizer entered it and answers its stored fields:
/// (options one per line, answer).
pub fn check_question(kind: QuestionKind, stem: &str, options: &[String], answer: &str) -> Result<(String, String), AppError> {
    let stem = stem.trim();
    if stem.is_empty() || stem.chars().count() > 500 {
        return Err(AppError::invalid("stem", "请填写题干（不超过 500 字）"));
    }
    let options: Vec<String> = options.iter().map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect();
    let answer = answer.trim();
    match kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            if !(2..=8).contains(&options.len()) {
                return Err(AppError::invalid("options", "选择题需要 2 到 8 个选项"));
            }
            if options.iter().any(|o| o.chars().count() > 200) {
                return Err(AppError::invalid("options", "每个选项不超过 200 字"));
            }
            // Answers come as letters (A, AC, A,C) or option numbers from 1.
            let mut picked: Vec<usize> = Vec::new();
            for c in answer.chars().filter(|c| !matches!(c, ',' | '，' | ' ' | '、')) {
                let i = match c.to_ascii_uppercase() {
                    l @ 'A'..='H' => (l as u8 - b'A') as usize,
                    d @ '1'..='8' => (d as u8 - b'1') as usize,
                    _ => return Err(AppError::invalid("answer", "答案请填写选项字母，如 A 或 AC")),
                };
                if i >= options.len() {
                    return Err(AppError::invalid("answer", "答案中的选项不存在"));
                }
                if !picked.contains(&i) {
                    picked.push(i);
                }
            }
            picked.sort_unstable();
            if picked.is_empty() {
                return Err(AppError::invalid("answer", "请填写正确答案"));
            }
            if kind == QuestionKind::Single && picked.len() != 1 {
                return Err(AppError::invalid("answer", "单选题只能有一个正确答案"));
            }
            if kind == QuestionKind::Multiple && picked.len() < 2 {
                return Err(AppError::invalid("answer", "多选题至少要有两个正确答案"));
            }
            Ok((options.join("\n"), picked.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")))
        }
        QuestionKind::Judge => {
            let a = match answer {
                "对" | "正确" | "是" | "√" | "true" | "1" | "T" | "A" => "1",
                "错" | "错误" | "否" | "×" | "false" | "0" | "F" | "B" => "0",
                _ => return Err(AppError::invalid("answer", "判断题答案请填写“正确”或“错误”")),
            };
            Ok((String::new(), a.to_owned()))
        }
        QuestionKind::Fill => {
            let accepted: Vec<&str> = answer.split(['|', '｜']).map(str::trim).filter(|a| !a.is_empty()).collect();
            if accepted.is_empty() || answer.chars().count() > 200 {
                return Err(AppError::invalid("answer", "请填写正确答案（多个可接受的答案用 | 分隔）"));
            }
            Ok((String::new(), accepted.join("|")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: QuestionKind, options: &[&str], answer: &str) -> StoredQuestion {
        StoredQuestion {
            id: 1,
            kind,
            stem: "题".into(),
            options: options.iter().map(|s| s.to_string()).collect(),
            answer: answer.into(),
            explanation: String::new(),
        }
    }

    #[test]
    fn answers_by_display_position_map_back_through_the_shuffle() {
        let q = q(QuestionKind::Multiple, &["甲", "乙", "丙"], "0,2");
        // Shown as 丙, 甲, 乙: the right ones are displayed at 0 and 1.
        let order = vec![2, 0, 1];
        assert!(q.is_right(&parse_given(q.kind, "0,1", &order)));
        assert!(q.is_right(&parse_given(q.kind, "1,0,1", &order)));
        assert!(!q.is_right(&parse_given(q.kind, "0", &order)));
        assert!(!q.is_right(&parse_given(q.kind, "0,1,2", &order)));
        assert!(!q.is_right(&parse_given(q.kind, "", &order)));
        let r = q.review(1, &order, &parse_given(q.kind, "2", &order));
        assert_eq!((r.given.as_str(), r.right_answer.as_str(), r.right), ("C", "AB", false));
    }

    #[test]
    fn fill_ins_accept_any_listed_answer_ignoring_spaces_and_case() {
        let q = q(QuestionKind::Fill, &[], "为人民服务|全心全意为人民服务");
        assert!(q.is_right(&Given::Text(" 为人民 服务。".into())));
        assert!(q.is_right(&Given::Text("全心全意为人民服务".into())));
        assert!(!q.is_right(&Given::Text("".into())));
        assert!(!q.is_right(&Given::Options(vec![0])));
    }

    #[test]
    fn organizers_enter_answers_as_letters_and_get_clear_refusals() {
        let opts: Vec<String> = ["甲", "乙", "丙"].iter().map(|s| s.to_string()).collect();
        assert_eq!(check_question(QuestionKind::Multiple, "题", &opts, "a,c").unwrap().1, "0,2");
        assert_eq!(check_question(QuestionKind::Single, "题", &opts, "B").unwrap().1, "1");
        assert!(check_question(QuestionKind::Single, "题", &opts, "AB").is_err());
        assert!(check_question(QuestionKind::Single, "题", &opts, "D").is_err());
        assert!(check_question(QuestionKind::Multiple, "题", &opts, "A").is_err());
        assert_eq!(check_question(QuestionKind::Judge, "题", &[], "错误").unwrap().1, "0");
        assert!(check_question(QuestionKind::Single, " ", &opts, "A").is_err());
    }

    #[test]
    fn attempts_round_trip_their_orders() {
        let items = vec![(12, vec![2, 0, 1]), (15, vec![]), (3, vec![0, 1])];
        assert_eq!(decode(&encode(&items)), items);
    }
}
