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
    while let Some(event) = reader.next_event()? {
        let top = stack.last_mut().expect("math root");
        if collect_text(&event, &mut top.text) {
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

/// The linear text of a formula: its characters in reading order.
pub(crate) fn math_text(node: &MathNode) -> String {
    let mut out = node.text.clone();
    for child in &node.children {
        out.push_str(&math_text(child));
    }
    out
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
            for c in node.text.chars() {
                out.push_str(&latex_char(c));
            }
            for child in &node.children {
                latex_into(child, out);
            }
        }
        "f" => {
            let (num, den) = (arg(node, "num"), arg(node, "den"));
            if node.prop("type") == Some("lin") {
                out.push_str(&format!("{num}/{den}"));
            } else {
                out.push_str(&format!("\\frac{{{num}}}{{{den}}}"));
            }
        }
        "sSup" => out.push_str(&format!("{{{}}}^{{{}}}", arg(node, "e"), arg(node, "sup"))),
        "sSub" => out.push_str(&format!("{{{}}}_{{{}}}", arg(node, "e"), arg(node, "sub"))),
        "sSubSup" => out.push_str(&format!(
            "{{{}}}_{{{}}}^{{{}}}",
            arg(node, "e"),
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
            let op = match node
                .prop("chr")
                .and_then(|c| c.chars().next())
                .unwrap_or('∫')
            {
                '∑' => "\\sum",
                '∏' => "\\prod",
                '∐' => "\\coprod",
                '∬' => "\\iint",
                '∭' => "\\iiint",
                '∮' => "\\oint",
                '⋃' => "\\bigcup",
                '⋂' => "\\bigcap",
                _ => "\\int",
            };
            out.push_str(op);
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
        "bar" => out.push_str(&format!("\\overline{{{}}}", arg(node, "e"))),
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

fn function_name(name: &str) -> String {
    match name.trim() {
        n @ ("sin" | "cos" | "tan" | "cot" | "sec" | "csc" | "log" | "ln" | "exp" | "lim"
        | "max" | "min" | "sinh" | "cosh" | "tanh" | "det" | "sup" | "inf" | "arg" | "deg"
        | "gcd") => format!("\\{n}"),
        other => other.to_string(),
    }
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
            "<m:oMath xmlns:m=\"m\"><m:f><m:num><m:r><m:t>a</m:t></m:r></m:num><m:den><m:r><m:t>b</m:t></m:r></m:den></m:f>\
             <m:r><m:t>+</m:t></m:r><m:sSup><m:e><m:r><m:t>x</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup>\
             <m:rad><m:radPr><m:degHide m:val=\"1\"/></m:radPr><m:deg/><m:e><m:r><m:t>π</m:t></m:r></m:e></m:rad></m:oMath>",
        );
        assert_eq!(math_latex(&node), "\\frac{a}{b}+{x}^{2}\\sqrt{\\pi }");
        assert_eq!(math_text(&node), "ab+x2π");
    }

    #[test]
    fn renders_sums_with_limits() {
        let node = parse(
            "<m:oMath xmlns:m=\"m\"><m:nary><m:naryPr><m:chr m:val=\"∑\"/></m:naryPr><m:sub><m:r><m:t>i=1</m:t></m:r></m:sub>\
             <m:sup><m:r><m:t>n</m:t></m:r></m:sup><m:e><m:r><m:t>i</m:t></m:r></m:e></m:nary></m:oMath>",
        );
        assert_eq!(math_latex(&node), "\\sum_{i=1}^{n} i");
    }
}
