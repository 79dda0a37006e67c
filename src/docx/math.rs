//! Office Math (OMML, `m:oMath`): read into a small tree, then rendered as linear text (for
//! text and CSV) and as LaTeX (for Markdown). Unknown structures fall back to their text.

use quick_xml::events::Event;

use crate::xml::{attr, collect_text, local_name, XmlReader};
use crate::Result;

/// One OMML element: its local name, the `m:val` of interesting properties, and children.
#[derive(Debug, Default)]
pub(crate) struct MathNode {
    name: String,
    /// `m:chr`, `m:begChr`, `m:endChr`, `m:sepChr`, `m:degHide`, `m:type` values found in the
    /// element's own property child (`m:naryPr`, `m:dPr`...).
    props: Vec<(String, String)>,
    children: Vec<MathNode>,
    text: String,
}

impl MathNode {
    fn prop(&self, key: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&MathNode> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a MathNode> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Read the subtree of an `m:oMath` whose `Start` was just read.
pub(crate) fn read_math(reader: &mut XmlReader<'_>) -> Result<MathNode> {
    let mut stack = vec![MathNode {
        name: "oMath".into(),
        ..MathNode::default()
    }];
    let level = reader.depth();
    let mut text = String::new();
    while let Some(event) = reader.next_event()? {
        text.clear();
        if collect_text(&event, &mut text) {
            // Text is content inside `m:t` (spaces included); elsewhere only when it is more
            // than the indentation of pretty-printed XML.
            let top = stack.last_mut().expect("math root");
            if top.name == "t" || !text.trim().is_empty() {
                top.text.push_str(&text);
            }
            continue;
        }
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(local_name(&e)).into_owned();
                if name.ends_with("Pr") {
                    // Properties: keep the few values rendering needs, skip the rest.
                    let props = read_props(reader)?;
                    stack.last_mut().expect("math root").props.extend(props);
                    continue;
                }
                stack.push(MathNode {
                    name,
                    ..MathNode::default()
                });
            }
            Event::End(_) => {
                if reader.depth() < level {
                    break;
                }
                if stack.len() > 1 {
                    let node = stack.pop().expect("checked");
                    stack.last_mut().expect("math root").children.push(node);
                }
            }
            _ => {}
        }
    }
    while stack.len() > 1 {
        let node = stack.pop().expect("checked");
        stack.last_mut().expect("math root").children.push(node);
    }
    Ok(stack.pop().expect("math root"))
}

fn read_props(reader: &mut XmlReader<'_>) -> Result<Vec<(String, String)>> {
    let mut props = Vec::new();
    let level = reader.depth();
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = local_name(&e);
                if matches!(
                    name,
                    b"chr"
                        | b"begChr"
                        | b"endChr"
                        | b"sepChr"
                        | b"degHide"
                        | b"type"
                        | b"subHide"
                        | b"supHide"
                        | b"pos"
                ) {
                    let value = attr(&e, b"val")
                        .map(|v| v.into_owned())
                        .unwrap_or_else(|| "on".into());
                    props.push((String::from_utf8_lossy(name).into_owned(), value));
                }
            }
            Event::End(_) if reader.depth() < level => break,
            _ => {}
        }
    }
    Ok(props)
}

/// The linear text of a formula, in the linear format of Unicode Technical Note #28
/// (UnicodeMath, what Word shows for an equation switched to "Linear"), tuned for plain-text
/// readers:
///
/// - fractions `a/b`, `(a+b)/(c+d)`, `nπx/L`: an operand is parenthesized only when it needs it
///   (a numerator that is not one character, number, word or bracketed group; a denominator that
///   is not one character, number or bracketed group); a no-bar fraction is `n¦k`;
/// - scripts `a_b`, `a^b`, `a_b^c`, `x^(n-k)`, pre-scripts `_a^b c`; a script longer than one
///   character or number is parenthesized;
/// - n-ary operators `∑_(n=1)^∞ body` (operator from `m:chr`, default `∫`), the body after a
///   space, parenthesized when it is several terms and something follows it;
/// - delimiters with their own characters `⟨a|b⟩`; radicals `√x`, `√(x+1)`, `∛x`, `∜x`, `√(n&x)`;
/// - functions `cos α`, `cos(x)`, `cos(nπx/L)`: the name, then a space (not U+2061, which plain
///   text shows as nothing) before a simple argument, or the argument in parentheses;
/// - accents and bars: the combining character after a one-character base (`x̂`, `x̅`), else
///   after the parenthesized base (`(a+b)̂`), `¯(a+b)` / `▁(a+b)` for bars; group characters
///   `⏟(a+b)`; `lim_(n→∞)`; equation arrays `█(a@b)` (one row alone:
///   the row); matrices `■(a&b@c&d)`;
/// - boxes, border boxes and phantoms are transparent.
///
/// A space separates two pieces only where gluing them would change the reading (`a_n cos x`,
/// `x^k a^(n-k)`, `2 1/2`). Text inside runs is kept as written.
pub(crate) fn math_text(node: &MathNode) -> String {
    linear_seq(node).text
}

/// How a piece of linear text behaves next to an operator: whether it needs parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Empty,
    /// One character (with its combining marks).
    Char,
    /// Digits, possibly with a decimal point and a trailing `!` or prime.
    Number,
    /// Letters and digits without operators: `nπx`, `cos`.
    Word,
    /// Enclosed in its own delimiters: `(a+b)`, `|x|`, `■(…)`.
    Bracketed,
    /// A base with scripts: `a_n`, `x^2`, `lim_(n→∞)`.
    Script,
    /// A self-contained structure: a radical, an accent or bar over several characters.
    Unit,
    /// Anything else: several terms, a fraction, a function.
    Other,
}

/// A rendered piece of linear text.
#[derive(Debug)]
struct Lin {
    text: String,
    shape: Shape,
    /// Only text from runs (no structure).
    plain: bool,
    /// Begins with an operand a preceding letter or digit would join (`1/2` after `2`).
    open_left: bool,
    /// Ends with an operand a following letter or digit would join (`a_n` before `cos`).
    open_right: bool,
}

impl Lin {
    fn new(text: String, shape: Shape) -> Lin {
        Lin {
            text,
            shape,
            plain: false,
            open_left: false,
            open_right: false,
        }
    }

    fn plain(text: String) -> Lin {
        let shape = classify(&text);
        Lin {
            text,
            shape,
            plain: true,
            open_left: false,
            open_right: false,
        }
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The text, parenthesized unless its shape is one of `ok`.
    fn wrapped(&self, ok: &[Shape]) -> String {
        if self.shape == Shape::Empty || ok.contains(&self.shape) {
            self.text.clone()
        } else {
            format!("({})", self.text)
        }
    }

    fn needs_wrap(&self, ok: &[Shape]) -> bool {
        self.shape != Shape::Empty && !ok.contains(&self.shape)
    }
}

/// Shapes that stand as a script, a radicand or a limit without parentheses.
const SCRIPT_OK: &[Shape] = &[Shape::Char, Shape::Number, Shape::Bracketed];
/// ... as a numerator.
const NUM_OK: &[Shape] = &[
    Shape::Char,
    Shape::Number,
    Shape::Word,
    Shape::Bracketed,
    Shape::Script,
    Shape::Unit,
];
/// ... as a denominator: a word is parenthesized, `a/(bc)`, since `a/bc` reads two ways.
const DEN_OK: &[Shape] = &[
    Shape::Char,
    Shape::Number,
    Shape::Bracketed,
    Shape::Script,
    Shape::Unit,
];
/// ... as the base of a script.
const BASE_OK: &[Shape] = &[Shape::Char, Shape::Number, Shape::Bracketed];
/// ... as a function's argument or an n-ary body, after a space.
const ARG_OK: &[Shape] = &[
    Shape::Char,
    Shape::Number,
    Shape::Word,
    Shape::Bracketed,
    Shape::Script,
    Shape::Unit,
];

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fn classify(text: &str) -> Shape {
    let base = text.chars().filter(|&c| !is_combining(c)).count();
    if base == 0 {
        return if text.is_empty() {
            Shape::Empty
        } else {
            Shape::Char
        };
    }
    if base == 1 {
        return Shape::Char;
    }
    let digits = text.trim_end_matches(['!', '′', '″', '‴', '\'']);
    if digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        return Shape::Number;
    }
    if text
        .chars()
        .all(|c| c.is_alphanumeric() || is_combining(c) || matches!(c, '′' | '″' | '‴' | '!'))
    {
        return Shape::Word;
    }
    Shape::Other
}

fn ends_alnum(text: &str) -> bool {
    text.chars()
        .rev()
        .find(|&c| !is_combining(c))
        .is_some_and(char::is_alphanumeric)
}

fn starts_alnum(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_alphanumeric)
}

/// The linear text of an argument (`m:e`, `m:num`, `m:sub`...) of `node`; empty when absent.
fn linear_arg(node: &MathNode, name: &str) -> Lin {
    match node.child(name) {
        Some(arg) => linear_seq(arg),
        None => Lin::new(String::new(), Shape::Empty),
    }
}

/// The children of `node` in order, joined with a space where gluing would change the reading.
fn linear_seq(node: &MathNode) -> Lin {
    let mut items: Vec<Lin> = Vec::new();
    if !node.text.trim().is_empty() {
        items.push(Lin::plain(node.text.clone()));
    }
    let last = node.children.len().saturating_sub(1);
    for (i, child) in node.children.iter().enumerate() {
        let lin = linear_node(child, i == last);
        if !lin.is_empty() {
            items.push(lin);
        }
    }
    match items.len() {
        0 => return Lin::new(String::new(), Shape::Empty),
        1 => return items.pop().expect("one item"),
        _ => {}
    }
    let plain = items.iter().all(|l| l.plain);
    let mut text = String::new();
    let mut prev: Option<&Lin> = None;
    for lin in &items {
        if let Some(p) = prev {
            let glue =
                (p.open_right && starts_alnum(&lin.text)) || (lin.open_left && ends_alnum(&p.text));
            if glue && !(p.plain && lin.plain) {
                text.push(' ');
            }
        }
        text.push_str(&lin.text);
        prev = Some(lin);
    }
    let shape = if plain { classify(&text) } else { Shape::Other };
    Lin {
        text,
        shape,
        plain,
        open_left: items.first().is_some_and(|l| l.open_left),
        open_right: items.last().is_some_and(|l| l.open_right),
    }
}

fn on(node: &MathNode, key: &str) -> bool {
    node.prop(key)
        .is_some_and(|v| !matches!(v, "0" | "off" | "false"))
}

/// The linear text of one element; `tail` when nothing follows it in its argument.
fn linear_node(node: &MathNode, tail: bool) -> Lin {
    match node.name.as_str() {
        "t" => Lin::plain(node.text.clone()),
        "r" => {
            let mut text = node.text.clone();
            for child in &node.children {
                text.push_str(&linear_node(child, false).text);
            }
            Lin::plain(text)
        }
        "f" => {
            let (num, den) = (linear_arg(node, "num"), linear_arg(node, "den"));
            let bar = if node.prop("type") == Some("noBar") {
                '¦'
            } else {
                '/'
            };
            let mut lin = Lin::new(
                format!("{}{bar}{}", num.wrapped(NUM_OK), den.wrapped(DEN_OK)),
                Shape::Other,
            );
            lin.open_left = !num.needs_wrap(NUM_OK) && num.shape != Shape::Bracketed;
            lin.open_right = !den.needs_wrap(DEN_OK) && den.shape != Shape::Bracketed;
            lin
        }
        "sSub" | "sSup" | "sSubSup" => {
            let base = linear_arg(node, "e");
            let base_text = if base.shape == Shape::Word && is_function_name(&base.text) {
                base.text.clone()
            } else {
                base.wrapped(BASE_OK)
            };
            let mut text = base_text;
            let mut open_right = base.open_right;
            for (name, mark) in [("sub", '_'), ("sup", '^')] {
                let script = linear_arg(node, name);
                if !script.is_empty() {
                    text.push(mark);
                    text.push_str(&script.wrapped(SCRIPT_OK));
                    open_right = !script.needs_wrap(SCRIPT_OK) && script.shape != Shape::Bracketed;
                }
            }
            let mut lin = Lin::new(text, Shape::Script);
            lin.open_right = open_right;
            lin
        }
        "sPre" => {
            let mut text = String::new();
            for (name, mark) in [("sub", '_'), ("sup", '^')] {
                let script = linear_arg(node, name);
                if !script.is_empty() {
                    text.push(mark);
                    text.push_str(&script.wrapped(SCRIPT_OK));
                }
            }
            let base = linear_arg(node, "e");
            if !text.is_empty() && !base.is_empty() {
                text.push(' ');
            }
            text.push_str(&base.wrapped(BASE_OK));
            Lin::new(text, Shape::Other)
        }
        "rad" => {
            let radicand = linear_arg(node, "e");
            let degree = if on(node, "degHide") {
                String::new()
            } else {
                linear_arg(node, "deg").text
            };
            let (text, open_right) = match degree.as_str() {
                "" | "2" => (
                    format!("√{}", radicand.wrapped(SCRIPT_OK)),
                    !radicand.needs_wrap(SCRIPT_OK),
                ),
                "3" => (
                    format!("∛{}", radicand.wrapped(SCRIPT_OK)),
                    !radicand.needs_wrap(SCRIPT_OK),
                ),
                "4" => (
                    format!("∜{}", radicand.wrapped(SCRIPT_OK)),
                    !radicand.needs_wrap(SCRIPT_OK),
                ),
                _ => (format!("√({degree}&{})", radicand.text), false),
            };
            let mut lin = Lin::new(text, Shape::Unit);
            lin.open_right = open_right && radicand.shape != Shape::Bracketed;
            lin
        }
        "nary" => {
            let op = node
                .prop("chr")
                .and_then(|c| c.chars().next())
                .unwrap_or('∫');
            let mut text = op.to_string();
            for (name, mark, hide) in [("sub", '_', "subHide"), ("sup", '^', "supHide")] {
                let script = linear_arg(node, name);
                if !script.is_empty() && !on(node, hide) {
                    text.push(mark);
                    text.push_str(&script.wrapped(SCRIPT_OK));
                }
            }
            let body = linear_arg(node, "e");
            let mut open_right = false;
            if !body.is_empty() {
                text.push(' ');
                if tail || !body.needs_wrap(ARG_OK) {
                    text.push_str(&body.text);
                    open_right = body.shape != Shape::Bracketed;
                } else {
                    text.push_str(&format!("({})", body.text));
                }
            }
            let mut lin = Lin::new(text, Shape::Other);
            lin.open_right = open_right;
            lin
        }
        "d" => {
            let open = node.prop("begChr").unwrap_or("(");
            let close = node.prop("endChr").unwrap_or(")");
            let sep = node.prop("sepChr").unwrap_or("|");
            let items: Vec<String> = node
                .children_named("e")
                .map(|e| linear_seq(e).text)
                .collect();
            let shape = if open.is_empty() || close.is_empty() {
                Shape::Other
            } else {
                Shape::Bracketed
            };
            Lin::new(format!("{open}{}{close}", items.join(sep)), shape)
        }
        "func" => {
            let name = linear_arg(node, "fName");
            let arg = linear_arg(node, "e");
            let mut text = name.text.clone();
            let mut open_right = false;
            match arg.shape {
                Shape::Empty => open_right = name.open_right,
                Shape::Bracketed => text.push_str(&arg.text),
                _ if !arg.needs_wrap(ARG_OK) => {
                    text.push(' ');
                    text.push_str(&arg.text);
                    open_right = true;
                }
                _ => text.push_str(&format!("({})", arg.text)),
            }
            let mut lin = Lin::new(text, Shape::Other);
            // `2 cos x`, not `2cos x`: the name is a word of its own.
            lin.open_left = true;
            lin.open_right = open_right;
            lin
        }
        "acc" => {
            let accent = node.prop("chr").unwrap_or("\u{302}");
            let base = linear_arg(node, "e");
            if base.shape == Shape::Char {
                Lin::new(format!("{}{accent}", base.text), Shape::Char)
            } else {
                Lin::new(
                    format!("{}{accent}", base.wrapped(&[Shape::Bracketed])),
                    Shape::Unit,
                )
            }
        }
        "bar" => {
            // ISO/IEC 29500 and Word: a bar without `m:pos` is below its base.
            let top = node.prop("pos") == Some("top");
            let base = linear_arg(node, "e");
            if base.shape == Shape::Char {
                let mark = if top { '\u{305}' } else { '\u{332}' };
                Lin::new(format!("{}{mark}", base.text), Shape::Char)
            } else {
                let mark = if top { '¯' } else { '▁' };
                Lin::new(
                    format!("{mark}{}", base.wrapped(&[Shape::Bracketed])),
                    Shape::Unit,
                )
            }
        }
        "groupChr" => {
            let chr = node.prop("chr").unwrap_or("\u{23DF}");
            let base = linear_arg(node, "e");
            Lin::new(
                format!("{chr}{}", base.wrapped(&[Shape::Char, Shape::Bracketed])),
                Shape::Unit,
            )
        }
        "limLow" | "limUpp" => {
            let base = linear_arg(node, "e");
            let limit = linear_arg(node, "lim");
            let mark = if node.name == "limLow" { '_' } else { '^' };
            let mut text = base.text.clone();
            if !limit.is_empty() {
                text.push(mark);
                text.push_str(&limit.wrapped(SCRIPT_OK));
            }
            let mut lin = Lin::new(text, Shape::Script);
            lin.open_right = if limit.is_empty() {
                base.open_right
            } else {
                !limit.needs_wrap(SCRIPT_OK) && limit.shape != Shape::Bracketed
            };
            lin
        }
        "eqArr" => {
            let mut rows: Vec<Lin> = node.children_named("e").map(linear_seq).collect();
            if rows.len() == 1 {
                // One row is just a formula, as in the LaTeX.
                return rows.pop().expect("one row");
            }
            let rows: Vec<String> = rows.into_iter().map(|r| r.text).collect();
            Lin::new(format!("█({})", rows.join("@")), Shape::Bracketed)
        }
        "m" => {
            let rows: Vec<String> = node
                .children_named("mr")
                .map(|row| {
                    row.children_named("e")
                        .map(|e| linear_seq(e).text)
                        .collect::<Vec<_>>()
                        .join("&")
                })
                .collect();
            Lin::new(format!("■({})", rows.join("@")), Shape::Bracketed)
        }
        "box" | "borderBox" | "phant" => linear_arg(node, "e"),
        // Content wrappers (`w:ins`, `m:oMath`...) and unknown elements: their content in order.
        _ => linear_seq(node),
    }
}

fn is_function_name(name: &str) -> bool {
    matches!(
        name,
        "sin"
            | "cos"
            | "tan"
            | "cot"
            | "sec"
            | "csc"
            | "log"
            | "ln"
            | "lg"
            | "exp"
            | "sinh"
            | "cosh"
            | "tanh"
            | "coth"
            | "arcsin"
            | "arccos"
            | "arctan"
            | "lim"
            | "max"
            | "min"
            | "sup"
            | "inf"
            | "det"
    )
}

/// LaTeX for a formula.
pub(crate) fn math_latex(node: &MathNode) -> String {
    let mut out = String::new();
    latex_into(node, &mut out);
    out.trim().to_string()
}

fn latex_children(node: &MathNode) -> String {
    let mut out = String::new();
    for child in &node.children {
        latex_into(child, &mut out);
    }
    out
}

fn arg(node: &MathNode, name: &str) -> String {
    node.child(name).map(latex_children).unwrap_or_default()
}

fn latex_into(node: &MathNode, out: &mut String) {
    match node.name.as_str() {
        "r" | "t" => {
            latex_run_text(&node.text, out);
            for child in &node.children {
                latex_into(child, out);
            }
        }
        "f" => {
            let (num, den) = (arg(node, "num"), arg(node, "den"));
            if node.prop("type") == Some("lin") {
                out.push_str(&format!("{num}/{den}"));
            } else if node.prop("type") == Some("noBar") {
                // A stack without a bar (binomial coefficients, inside their own delimiters).
                out.push_str(&format!("\\genfrac{{}}{{}}{{0pt}}{{}}{{{num}}}{{{den}}}"));
            } else {
                out.push_str(&format!("\\frac{{{num}}}{{{den}}}"));
            }
        }
        // A base that is a function name (`sin^-1`) is the operator: `{\sin}^{-1}`.
        "sSup" => out.push_str(&format!(
            "{{{}}}^{{{}}}",
            function_name(&arg(node, "e")),
            arg(node, "sup")
        )),
        "sSub" => out.push_str(&format!(
            "{{{}}}_{{{}}}",
            function_name(&arg(node, "e")),
            arg(node, "sub")
        )),
        "sSubSup" => out.push_str(&format!(
            "{{{}}}_{{{}}}^{{{}}}",
            function_name(&arg(node, "e")),
            arg(node, "sub"),
            arg(node, "sup")
        )),
        "sPre" => out.push_str(&format!(
            "{{}}_{{{}}}^{{{}}}{{{}}}",
            arg(node, "sub"),
            arg(node, "sup"),
            arg(node, "e")
        )),
        "rad" => {
            let deg = arg(node, "deg");
            if deg.is_empty() || node.prop("degHide").is_some_and(|v| v != "0" && v != "off") {
                out.push_str(&format!("\\sqrt{{{}}}", arg(node, "e")));
            } else {
                out.push_str(&format!("\\sqrt[{deg}]{{{}}}", arg(node, "e")));
            }
        }
        "nary" => {
            let chr = node
                .prop("chr")
                .and_then(|c| c.chars().next())
                .unwrap_or('∫');
            let op = match chr {
                '∑' => "\\sum".to_string(),
                '∏' => "\\prod".into(),
                '∐' => "\\coprod".into(),
                '∫' => "\\int".into(),
                '∬' => "\\iint".into(),
                '∭' => "\\iiint".into(),
                '∮' => "\\oint".into(),
                '⋃' => "\\bigcup".into(),
                '⋂' => "\\bigcap".into(),
                '⋀' => "\\bigwedge".into(),
                '⋁' => "\\bigvee".into(),
                '⨁' => "\\bigoplus".into(),
                '⨂' => "\\bigotimes".into(),
                '⨀' => "\\bigodot".into(),
                '⨄' => "\\biguplus".into(),
                '⨆' => "\\bigsqcup".into(),
                // Any other operator (∯, ∰...) as itself, not as an integral.
                other => format!("\\mathop{{{other}}}"),
            };
            out.push_str(&op);
            let (sub, sup) = (arg(node, "sub"), arg(node, "sup"));
            if !sub.is_empty() {
                out.push_str(&format!("_{{{sub}}}"));
            }
            if !sup.is_empty() {
                out.push_str(&format!("^{{{sup}}}"));
            }
            out.push_str(&format!(" {}", arg(node, "e")));
        }
        "d" => {
            let open = node.prop("begChr").unwrap_or("(");
            let close = node.prop("endChr").unwrap_or(")");
            let sep = node.prop("sepChr").unwrap_or("|");
            let items: Vec<String> = node.children_named("e").map(latex_children).collect();
            out.push_str(&format!(
                "\\left{}{}\\right{}",
                delimiter(open),
                items.join(&latex_char(sep.chars().next().unwrap_or('|'))),
                delimiter(close)
            ));
        }
        "func" => out.push_str(&format!(
            "{} {}",
            function_name(&arg(node, "fName")),
            arg(node, "e")
        )),
        "acc" => {
            let accent = match node
                .prop("chr")
                .and_then(|c| c.chars().next())
                .unwrap_or('\u{302}')
            {
                '\u{303}' => "\\tilde",
                '\u{307}' => "\\dot",
                '\u{308}' => "\\ddot",
                '\u{20D7}' => "\\vec",
                '\u{305}' | '\u{304}' => "\\bar",
                _ => "\\hat",
            };
            out.push_str(&format!("{accent}{{{}}}", arg(node, "e")));
        }
        // ISO/IEC 29500 and Word: a bar without `m:pos` is below its base.
        "bar" => {
            let command = if node.prop("pos") == Some("top") {
                "\\overline"
            } else {
                "\\underline"
            };
            out.push_str(&format!("{command}{{{}}}", arg(node, "e")));
        }
        "groupChr" => {
            let chr = node.prop("chr").unwrap_or("\u{23DF}");
            let top = node.prop("pos") == Some("top");
            let e = arg(node, "e");
            match chr {
                "\u{23DF}" => out.push_str(&format!("\\underbrace{{{e}}}")),
                "\u{23DE}" => out.push_str(&format!("\\overbrace{{{e}}}")),
                _ if top => out.push_str(&format!("\\overset{{{}}}{{{e}}}", latex_str(chr))),
                _ => out.push_str(&format!("\\underset{{{}}}{{{e}}}", latex_str(chr))),
            }
        }
        "limLow" => out.push_str(&format!(
            "{}_{{{}}}",
            function_name(&arg(node, "e")),
            arg(node, "lim")
        )),
        "limUpp" => out.push_str(&format!("{}^{{{}}}", arg(node, "e"), arg(node, "lim"))),
        "m" => {
            let rows: Vec<String> = node
                .children_named("mr")
                .map(|row| {
                    row.children_named("e")
                        .map(latex_children)
                        .collect::<Vec<_>>()
                        .join(" & ")
                })
                .collect();
            out.push_str(&format!(
                "\\begin{{matrix}}{}\\end{{matrix}}",
                rows.join(" \\\\ ")
            ));
        }
        "eqArr" => {
            let rows: Vec<String> = node.children_named("e").map(latex_children).collect();
            if rows.len() == 1 {
                out.push_str(&rows[0]);
            } else {
                out.push_str(&format!(
                    "\\begin{{aligned}}{}\\end{{aligned}}",
                    rows.join(" \\\\ ")
                ));
            }
        }
        _ => {
            for child in &node.children {
                latex_into(child, out);
            }
        }
    }
}

fn delimiter(d: &str) -> String {
    match d {
        "" => ".".into(),
        "{" => "\\{".into(),
        "}" => "\\}".into(),
        "⟨" | "〈" => "\\langle".into(),
        "⟩" | "〉" => "\\rangle".into(),
        "|" => "|".into(),
        "‖" => "\\|".into(),
        "⌈" => "\\lceil".into(),
        "⌉" => "\\rceil".into(),
        "⌊" => "\\lfloor".into(),
        "⌋" => "\\rfloor".into(),
        other => other.into(),
    }
}

/// The function names LaTeX has an upright operator for (`\sin`, `\log`, ...).
const LATEX_FUNCTIONS: &[&str] = &[
    "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc", "deg", "det", "dim",
    "exp", "gcd", "hom", "inf", "ker", "lg", "lim", "liminf", "limsup", "ln", "log", "max", "min",
    "Pr", "sec", "sin", "sinh", "sup", "tan", "tanh",
];

/// U+2061 FUNCTION APPLICATION: Word's linear input puts it between a function name and its
/// argument when the equation is typed as text (`sin⁡θ` in one run, no `m:func`).
const FUNCTION_APPLICATION: char = '\u{2061}';

fn function_name(name: &str) -> String {
    let name = name.trim().trim_end_matches(FUNCTION_APPLICATION);
    match LATEX_FUNCTIONS.iter().find(|f| **f == name) {
        Some(f) => format!("\\{f}"),
        None => name.to_string(),
    }
}

/// A run's text as LaTeX: a known function name before U+2061 becomes its operator
/// (`sin⁡θ` is `\sin \theta`, not `sin` and an invisible character), any other U+2061 goes.
fn latex_run_text(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.find(FUNCTION_APPLICATION) {
        let before = &rest[..at];
        let function = LATEX_FUNCTIONS
            .iter()
            .filter(|f| before.ends_with(**f))
            // `sinh` before `sin`; a name inside a longer word (`asin`) is that word's.
            .max_by_key(|f| f.len())
            .filter(|f| {
                !before[..before.len() - f.len()]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic)
            });
        let plain = &before[..before.len() - function.map_or(0, |f| f.len())];
        out.extend(plain.chars().map(latex_char));
        if let Some(f) = function {
            out.push_str(&format!("\\{f} "));
        }
        rest = &rest[at + FUNCTION_APPLICATION.len_utf8()..];
    }
    out.extend(rest.chars().map(latex_char));
}

fn latex_str(s: &str) -> String {
    s.chars().map(latex_char).collect()
}

fn latex_char(c: char) -> String {
    let named = match c {
        'α' => "\\alpha ",
        'β' => "\\beta ",
        'γ' => "\\gamma ",
        'δ' => "\\delta ",
        'ε' => "\\epsilon ",
        'ζ' => "\\zeta ",
        'η' => "\\eta ",
        'θ' => "\\theta ",
        'ι' => "\\iota ",
        'κ' => "\\kappa ",
        'λ' => "\\lambda ",
        'μ' => "\\mu ",
        'ν' => "\\nu ",
        'ξ' => "\\xi ",
        'π' => "\\pi ",
        'ρ' => "\\rho ",
        'σ' => "\\sigma ",
        'τ' => "\\tau ",
        'φ' => "\\phi ",
        'χ' => "\\chi ",
        'ψ' => "\\psi ",
        'ω' => "\\omega ",
        'Γ' => "\\Gamma ",
        'Δ' => "\\Delta ",
        'Θ' => "\\Theta ",
        'Λ' => "\\Lambda ",
        'Π' => "\\Pi ",
        'Σ' => "\\Sigma ",
        'Φ' => "\\Phi ",
        'Ψ' => "\\Psi ",
        'Ω' => "\\Omega ",
        '∞' => "\\infty ",
        '≤' => "\\leq ",
        '≥' => "\\geq ",
        '≠' => "\\neq ",
        '≈' => "\\approx ",
        '±' => "\\pm ",
        '×' => "\\times ",
        '÷' => "\\div ",
        '⋅' | '·' => "\\cdot ",
        '→' => "\\to ",
        '∈' => "\\in ",
        '∂' => "\\partial ",
        '∇' => "\\nabla ",
        '∑' => "\\sum ",
        '∫' => "\\int ",
        '√' => "\\surd ",
        '{' => "\\{",
        '}' => "\\}",
        '%' => "\\%",
        '#' => "\\#",
        '&' => "\\&",
        '$' => "\\$",
        '_' => "\\_",
        '\\' => "\\backslash ",
        _ => return c.to_string(),
    };
    named.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> MathNode {
        let mut reader = XmlReader::lenient(xml);
        reader.next_event().unwrap();
        read_math(&mut reader).unwrap()
    }

    #[test]
    fn renders_fractions_scripts_and_radicals_as_latex() {
        let node = parse(
            "<m:oMath xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\"><m:f><m:num><m:r><m:t>a</m:t></m:r></m:num><m:den><m:r><m:t>b</m:t></m:r></m:den></m:f>\
             <m:r><m:t>+</m:t></m:r><m:sSup><m:e><m:r><m:t>x</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup>\
             <m:rad><m:radPr><m:degHide m:val=\"1\"/></m:radPr><m:deg/><m:e><m:r><m:t>π</m:t></m:r></m:e></m:rad></m:oMath>",
        );
        assert_eq!(math_latex(&node), "\\frac{a}{b}+{x}^{2}\\sqrt{\\pi }");
        assert_eq!(math_text(&node), "a/b+x^2√π");
    }

    #[test]
    fn latex_writes_function_names_as_operators_and_drops_function_application() {
        let latex = |parts: &[String]| {
            math_latex(&parse(&format!(
                "<m:oMath xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\">{}</m:oMath>",
                parts.concat()
            )))
        };
        // Typed as linear text: the name, U+2061, the argument, all in one run.
        assert_eq!(latex(&[r("sin\u{2061}θ")]), "\\sin \\theta");
        assert_eq!(latex(&[r("2sinh\u{2061}x")]), "2\\sinh x");
        assert_eq!(latex(&[r("log\u{2061}(x)")]), "\\log (x)");
        // A name inside a longer word stays letters; a stray U+2061 is dropped.
        assert_eq!(latex(&[r("asin\u{2061}x")]), "asinx");
        assert_eq!(latex(&[r("f\u{2061}x")]), "fx");
        // m:func with the U+2061 Word leaves at the end of the name.
        let func = |name: String, arg: String| el("func", "", &[("fName", name), ("e", arg)]);
        assert_eq!(latex(&[func(r("cos\u{2061}"), r("α"))]), "\\cos \\alpha");
        assert_eq!(latex(&[func(r("arctan"), r("x"))]), "\\arctan x");
        // A function name as a script's base, with U+2061 after the script.
        assert_eq!(
            latex(&[
                el("sSup", "", &[("e", r("sin")), ("sup", r("-1"))]),
                r("\u{2061}x")
            ]),
            "{\\sin}^{-1}x"
        );
    }

    #[test]
    fn latex_bars_stacks_group_characters_and_operators() {
        let latex = |parts: &[String]| {
            math_latex(&parse(&format!(
                "<m:oMath xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\">{}</m:oMath>",
                parts.concat()
            )))
        };
        assert_eq!(
            latex(&[el("bar", "<m:pos m:val=\"top\"/>", &[("e", r("x"))])]),
            "\\overline{x}"
        );
        assert_eq!(latex(&[el("bar", "", &[("e", r("x"))])]), "\\underline{x}");
        assert_eq!(
            latex(&[el(
                "d",
                "",
                &[(
                    "e",
                    el(
                        "f",
                        "<m:type m:val=\"noBar\"/>",
                        &[("num", r("n")), ("den", r("k"))]
                    )
                )]
            )]),
            "\\left(\\genfrac{}{}{0pt}{}{n}{k}\\right)"
        );
        let brace = el("groupChr", "", &[("e", r("a+b"))]);
        assert_eq!(
            latex(&[el("limLow", "", &[("e", brace), ("lim", r("n"))])]),
            "\\underbrace{a+b}_{n}"
        );
        assert_eq!(
            latex(&[el(
                "groupChr",
                "<m:chr m:val=\"⏞\"/><m:pos m:val=\"top\"/>",
                &[("e", r("x"))]
            )]),
            "\\overbrace{x}"
        );
        assert_eq!(
            latex(&[el(
                "groupChr",
                "<m:chr m:val=\"→\"/><m:pos m:val=\"top\"/>",
                &[("e", r("f"))]
            )]),
            "\\overset{\\to }{f}"
        );
        let nary = |chr: &str| {
            el(
                "nary",
                &format!("<m:chr m:val=\"{chr}\"/>"),
                &[("sub", r("i")), ("e", r("x"))],
            )
        };
        assert_eq!(latex(&[nary("⋀")]), "\\bigwedge_{i} x");
        assert_eq!(latex(&[nary("∯")]), "\\mathop{∯}_{i} x");
        assert_eq!(
            latex(&[el("nary", "", &[("sub", r("0")), ("e", r("x"))])]),
            "\\int_{0} x"
        );
    }

    #[test]
    fn indentation_between_elements_is_not_text() {
        let node = parse(
            "<m:oMath xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\">\n  <m:r>\n    <m:t xml:space=\"preserve\">y = </m:t>\n  </m:r>\n  \
             <m:sSup>\n    <m:e>\n      <m:r><m:t>x</m:t></m:r>\n    </m:e>\n    <m:sup>\n      \
             <m:r><m:t>2</m:t></m:r>\n    </m:sup>\n  </m:sSup>\n</m:oMath>",
        );
        assert_eq!(math_text(&node), "y = x^2");
        assert_eq!(math_latex(&node), "y = {x}^{2}");
    }

    #[test]
    fn renders_sums_with_limits() {
        let node = parse(
            "<m:oMath xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\"><m:nary><m:naryPr><m:chr m:val=\"∑\"/></m:naryPr><m:sub><m:r><m:t>i=1</m:t></m:r></m:sub>\
             <m:sup><m:r><m:t>n</m:t></m:r></m:sup><m:e><m:r><m:t>i</m:t></m:r></m:e></m:nary></m:oMath>",
        );
        assert_eq!(math_latex(&node), "\\sum_{i=1}^{n} i");
    }

    /// A run holding `text`.
    fn r(text: &str) -> String {
        format!("<m:r><m:t xml:space=\"preserve\">{text}</m:t></m:r>")
    }

    /// An element `name` with properties `pr` (inside `<namePr>`) and arguments `(arg, inner)`.
    fn el(name: &str, pr: &str, args: &[(&str, String)]) -> String {
        let mut xml = format!("<m:{name}>");
        if !pr.is_empty() {
            xml.push_str(&format!("<m:{name}Pr>{pr}</m:{name}Pr>"));
        }
        for (arg, inner) in args {
            xml.push_str(&format!("<m:{arg}>{inner}</m:{arg}>"));
        }
        xml.push_str(&format!("</m:{name}>"));
        xml
    }

    fn frac(num: &str, den: &str) -> String {
        el("f", "", &[("num", r(num)), ("den", r(den))])
    }

    fn sub(base: &str, script: &str) -> String {
        el("sSub", "", &[("e", r(base)), ("sub", r(script))])
    }

    fn sup(base: &str, script: &str) -> String {
        el("sSup", "", &[("e", r(base)), ("sup", r(script))])
    }

    /// The linear text of a formula made of `parts`.
    fn linear(parts: &[String]) -> String {
        math_text(&parse(&format!(
            "<m:oMath xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\" xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{}</m:oMath>",
            parts.concat()
        )))
    }

    #[test]
    fn linear_fractions_parenthesize_only_operands_that_need_it() {
        assert_eq!(linear(&[frac("a", "b")]), "a/b");
        assert_eq!(linear(&[frac("1", "24")]), "1/24");
        assert_eq!(linear(&[frac("a+b", "c-d")]), "(a+b)/(c-d)");
        // A word numerator reads as one operand (UTN #28); a word denominator would not.
        assert_eq!(linear(&[frac("nπx", "L")]), "nπx/L");
        assert_eq!(linear(&[frac("a", "bc")]), "a/(bc)");
        assert_eq!(linear(&[frac("x", "2!")]), "x/2!");
        // A number before a fraction: a space keeps `2 1/2` from reading as `21/2`.
        assert_eq!(linear(&[r("2"), frac("1", "2")]), "2 1/2");
        assert_eq!(linear(&[r("1+"), frac("x", "2"), r("+y")]), "1+x/2+y");
        assert_eq!(
            linear(&[el(
                "f",
                "<m:type m:val=\"noBar\"/>",
                &[("num", r("n")), ("den", r("k"))]
            )]),
            "n¦k"
        );
        assert_eq!(
            linear(&[el(
                "f",
                "<m:type m:val=\"lin\"/>",
                &[("num", r("a")), ("den", r("b"))]
            )]),
            "a/b"
        );
        // Structures as operands: a script or a bracketed group stands alone.
        assert_eq!(
            linear(&[el("f", "", &[("num", sup("x", "2")), ("den", r("2"))])]),
            "x^2/2"
        );
        assert_eq!(
            linear(&[el("f", "", &[("num", frac("a", "b")), ("den", r("c"))])]),
            "(a/b)/c"
        );
    }

    #[test]
    fn linear_scripts() {
        assert_eq!(linear(&[sub("a", "b")]), "a_b");
        assert_eq!(linear(&[sup("a", "b")]), "a^b");
        assert_eq!(
            linear(&[el(
                "sSubSup",
                "",
                &[("e", r("a")), ("sub", r("b")), ("sup", r("c"))]
            )]),
            "a_b^c"
        );
        assert_eq!(linear(&[sup("x", "n-k")]), "x^(n-k)");
        assert_eq!(linear(&[sub("x", "ij")]), "x_(ij)");
        assert_eq!(linear(&[sup("10", "12")]), "10^12");
        assert_eq!(linear(&[sup("x+y", "2")]), "(x+y)^2");
        assert_eq!(
            linear(&[el("sSup", "", &[("e", r("e")), ("sup", sup("x", "2"))])]),
            "e^(x^2)"
        );
        let paren = el("d", "", &[("e", r("x+a"))]);
        assert_eq!(
            linear(&[el("sSup", "", &[("e", paren), ("sup", r("n"))])]),
            "(x+a)^n"
        );
        // Scripts followed by a letter are kept apart; a letter before a script is not.
        assert_eq!(linear(&[sup("x", "k"), sup("a", "n-k")]), "x^k a^(n-k)");
        assert_eq!(linear(&[r("a"), sup("x", "2"), r("+bx")]), "ax^2+bx");
        assert_eq!(
            linear(&[el(
                "sPre",
                "",
                &[("sub", r("a")), ("sup", r("b")), ("e", r("c"))]
            )]),
            "_a^b c"
        );
        assert_eq!(
            linear(&[el(
                "sPre",
                "",
                &[("sub", r("92")), ("sup", r("238")), ("e", r("U"))]
            )]),
            "_92^238 U"
        );
        // An empty base or script is left out.
        assert_eq!(
            linear(&[el(
                "sSubSup",
                "",
                &[
                    ("e", String::new()),
                    ("sub", String::new()),
                    ("sup", r("x"))
                ]
            )]),
            "^x"
        );
    }

    #[test]
    fn linear_nary_operators() {
        let sum = |body: String| {
            el(
                "nary",
                "<m:chr m:val=\"∑\"/>",
                &[("sub", r("n=1")), ("sup", r("∞")), ("e", body)],
            )
        };
        assert_eq!(linear(&[sum(sub("a", "n"))]), "∑_(n=1)^∞ a_n");
        assert_eq!(
            linear(&[sum(el("d", "", &[("e", r("a+b"))]))]),
            "∑_(n=1)^∞ (a+b)"
        );
        // The default operator is an integral; a body of several terms goes in parentheses
        // unless nothing follows it.
        let integral = el(
            "nary",
            "",
            &[("sub", r("0")), ("sup", r("1")), ("e", r("f(x)dx"))],
        );
        assert_eq!(linear(std::slice::from_ref(&integral)), "∫_0^1 f(x)dx");
        assert_eq!(linear(&[integral, r("+C")]), "∫_0^1 (f(x)dx)+C");
        assert_eq!(
            linear(&[el(
                "nary",
                "<m:chr m:val=\"∏\"/><m:subHide m:val=\"1\"/><m:supHide m:val=\"on\"/>",
                &[
                    ("sub", String::new()),
                    ("sup", String::new()),
                    ("e", r("x"))
                ]
            )]),
            "∏ x"
        );
        assert_eq!(
            linear(&[el(
                "nary",
                "<m:chr m:val=\"∮\"/>",
                &[("sub", r("C")), ("e", r("F⋅dr"))]
            )]),
            "∮_C F⋅dr"
        );
    }

    #[test]
    fn linear_delimiters_radicals_and_functions() {
        assert_eq!(linear(&[r("f"), el("d", "", &[("e", r("x"))])]), "f(x)");
        assert_eq!(
            linear(&[el("d", "", &[("e", r("a")), ("e", r("b"))])]),
            "(a|b)"
        );
        assert_eq!(
            linear(&[el(
                "d",
                "<m:begChr m:val=\"[\"/><m:endChr m:val=\"]\"/><m:sepChr m:val=\",\"/>",
                &[("e", r("0")), ("e", r("1"))]
            )]),
            "[0,1]"
        );
        assert_eq!(
            linear(&[el(
                "d",
                "<m:begChr m:val=\"⟨\"/><m:endChr m:val=\"⟩\"/>",
                &[("e", r("12")), ("e", r("13"))]
            )]),
            "⟨12|13⟩"
        );
        assert_eq!(
            linear(&[el(
                "d",
                "<m:begChr m:val=\"{\"/><m:endChr m:val=\"\"/>",
                &[("e", r("x"))]
            )]),
            "{x"
        );

        let hidden = "<m:degHide m:val=\"1\"/>";
        assert_eq!(
            linear(&[el("rad", hidden, &[("deg", String::new()), ("e", r("x"))])]),
            "√x"
        );
        assert_eq!(
            linear(&[el(
                "rad",
                hidden,
                &[("deg", String::new()), ("e", r("x+1"))]
            )]),
            "√(x+1)"
        );
        assert_eq!(
            linear(&[el("rad", "", &[("deg", r("2")), ("e", r("2"))])]),
            "√2"
        );
        assert_eq!(
            linear(&[el("rad", "", &[("deg", r("3")), ("e", r("x"))])]),
            "∛x"
        );
        assert_eq!(
            linear(&[el("rad", "", &[("deg", r("4")), ("e", r("a+b"))])]),
            "∜(a+b)"
        );
        assert_eq!(
            linear(&[el("rad", "", &[("deg", r("n")), ("e", r("x+1"))])]),
            "√(n&x+1)"
        );
        assert_eq!(
            linear(&[el("rad", "", &[("deg", r("5")), ("e", sup("x", "2"))])]),
            "√(5&x^2)"
        );

        let func = |name: String, arg: String| el("func", "", &[("fName", name), ("e", arg)]);
        assert_eq!(linear(&[func(r("cos"), r("α"))]), "cos α");
        assert_eq!(linear(&[func(r("sin"), r("2x"))]), "sin 2x");
        assert_eq!(
            linear(&[func(r("log"), el("d", "", &[("e", r("x"))]))]),
            "log(x)"
        );
        assert_eq!(linear(&[func(r("cos"), frac("nπx", "L"))]), "cos(nπx/L)");
        assert_eq!(linear(&[func(r("sin"), r("x+y"))]), "sin(x+y)");
        assert_eq!(linear(&[func(sup("sin", "2"), r("x"))]), "sin^2 x");
        assert_eq!(linear(&[func(sub("log", "2"), r("n"))]), "log_2 n");
        // A function after a script: a space, or `a_ncos` would read as one subscript.
        assert_eq!(
            linear(&[
                sub("a", "n"),
                func(r("cos"), r("x")),
                r("+"),
                sub("b", "n"),
                func(r("sin"), r("x"))
            ]),
            "a_n cos x+b_n sin x"
        );
        assert_eq!(linear(&[r("2"), func(r("cos"), r("x"))]), "2 cos x");
    }

    #[test]
    fn linear_accents_bars_limits_arrays_and_matrices() {
        assert_eq!(linear(&[el("acc", "", &[("e", r("x"))])]), "x\u{302}");
        assert_eq!(
            linear(&[el("acc", "<m:chr m:val=\"\u{20D7}\"/>", &[("e", r("v"))])]),
            "v\u{20D7}"
        );
        assert_eq!(
            linear(&[el("acc", "<m:chr m:val=\"\u{303}\"/>", &[("e", r("a+b"))])]),
            "(a+b)\u{303}"
        );
        let hat = el("acc", "", &[("e", r("e"))]);
        assert_eq!(
            linear(&[el("sSub", "", &[("e", hat), ("sub", r("i"))])]),
            "e\u{302}_i"
        );
        assert_eq!(
            linear(&[el("bar", "<m:pos m:val=\"top\"/>", &[("e", r("x"))])]),
            "x\u{305}"
        );
        // Without `m:pos` a bar is below its base.
        assert_eq!(linear(&[el("bar", "", &[("e", r("x"))])]), "x\u{332}");
        assert_eq!(
            linear(&[el("bar", "<m:pos m:val=\"top\"/>", &[("e", r("a+b"))])]),
            "¯(a+b)"
        );
        assert_eq!(
            linear(&[el("bar", "<m:pos m:val=\"bot\"/>", &[("e", r("ab"))])]),
            "▁(ab)"
        );
        assert_eq!(linear(&[el("groupChr", "", &[("e", r("a+b"))])]), "⏟(a+b)");
        assert_eq!(
            linear(&[el(
                "limUpp",
                "",
                &[
                    (
                        "e",
                        el(
                            "groupChr",
                            "<m:chr m:val=\"⏞\"/><m:pos m:val=\"top\"/>",
                            &[("e", r("x+y"))]
                        )
                    ),
                    ("lim", r("n"))
                ]
            )]),
            "⏞(x+y)^n"
        );
        let lim = el("limLow", "", &[("e", r("lim")), ("lim", r("n→∞"))]);
        assert_eq!(linear(std::slice::from_ref(&lim)), "lim_(n→∞)");
        assert_eq!(
            linear(&[el("func", "", &[("fName", lim), ("e", sub("a", "n"))])]),
            "lim_(n→∞) a_n"
        );
        assert_eq!(
            linear(&[el("limLow", "", &[("e", r("max")), ("lim", r("x"))])]),
            "max_x"
        );
        assert_eq!(
            linear(&[el("eqArr", "", &[("e", r("x+y=1")), ("e", r("x-y=0"))])]),
            "█(x+y=1@x-y=0)"
        );
        assert_eq!(linear(&[el("eqArr", "", &[("e", r("a=b"))])]), "a=b");
        let matrix = "<m:m><m:mPr/><m:mr><m:e>".to_string()
            + &r("1")
            + "</m:e><m:e>"
            + &r("0")
            + "</m:e></m:mr><m:mr><m:e>"
            + &r("0")
            + "</m:e><m:e>"
            + &r("1")
            + "</m:e></m:mr></m:m>";
        assert_eq!(linear(std::slice::from_ref(&matrix)), "■(1&0@0&1)");
        assert_eq!(linear(&[el("d", "", &[("e", matrix)])]), "(■(1&0@0&1))");
    }

    #[test]
    fn linear_boxes_phantoms_and_wrappers_are_transparent() {
        assert_eq!(linear(&[el("box", "", &[("e", r("a+b"))])]), "a+b");
        assert_eq!(
            linear(&[el("borderBox", "", &[("e", sup("x", "2"))])]),
            "x^2"
        );
        assert_eq!(
            linear(&[el("phant", "<m:show m:val=\"0\"/>", &[("e", r("x"))])]),
            "x"
        );
        let boxed = el("box", "", &[("e", r("y"))]);
        assert_eq!(
            linear(&[el("sSup", "", &[("e", boxed), ("sup", r("2"))])]),
            "y^2"
        );
        // Runs inside tracked-change wrappers read as runs.
        assert_eq!(
            linear(&[r("a"), format!("<w:ins>{}</w:ins>", r("+b"))]),
            "a+b"
        );
        // Text in runs is kept as written, U+2061 (function application) included.
        assert_eq!(linear(&[r("cos\u{2061}α")]), "cos\u{2061}α");
        assert_eq!(linear(&[]), "");
    }
}
