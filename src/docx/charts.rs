//! The text of charts (`c:chartSpace`, and Office 2016's `cx:chartSpace`) and SmartArt data
//! (`dgm:dataModel`), for [`crate::model::EmbeddedObject::text`]. A chart's text comes from the
//! values Word caches in the chart part (titles, series names, categories, values); the
//! embedded workbook is never opened.

use std::collections::BTreeMap;

use quick_xml::events::Event;

use crate::xml::{attr, collect_text, local_name, XmlReader};
use crate::Result;

/// The elements of a chart part whose text matters.
#[derive(Clone, Copy, PartialEq)]
enum Tag {
    Title,
    /// A series with its data (`c:ser`; `cx:data` in a chartex part).
    Series,
    /// A chartex series (`cx:series`): its name, its data being in a `cx:data`.
    ExSeries,
    /// A series' name (`c:tx` directly in `c:ser` or `cx:series`).
    SeriesName,
    /// Category labels (`c:cat`, `c:xVal`).
    Categories,
    /// Values (`c:val`, `c:yVal`).
    Values,
    /// A cached point (`c:pt`) and its index.
    Point(usize),
    Paragraph,
    /// Where text is: a value (`c:v`) or a run's text (`a:t`). Formulas (`c:f`) and format
    /// codes are not text.
    Leaf,
    Other,
}

/// A series' name and cached points by index. Maps, not vectors indexed by `idx`: memory
/// follows the points present, never a hostile index.
#[derive(Default)]
struct Series {
    name: String,
    categories: BTreeMap<usize, String>,
    values: BTreeMap<usize, String>,
}

/// Points beyond this index are not kept: a chart's cache is small, a hostile `idx` is not.
const MAX_POINTS: usize = 10_000;
/// Series beyond this many are not read (Excel draws at most 255 in a chart), so the table is
/// at most 10,000 rows of 255 cells.
const MAX_SERIES: usize = 255;
/// Titles beyond this many are not kept (a chart has one, and one per axis).
const MAX_TITLES: usize = 64;

/// The open elements that matter, counted as they open and close, so that what encloses the
/// current element is known without walking the stack (which can be as deep as the XML).
#[derive(Default)]
struct Open {
    titles: usize,
    series: usize,
    /// Titles, points and series names: where text is kept.
    text_scopes: usize,
    /// Open categories, values and series names, innermost last: where a point goes.
    slots: Vec<Tag>,
}

impl Open {
    fn push(&mut self, tag: Tag) {
        match tag {
            Tag::Title => {
                self.titles += 1;
                self.text_scopes += 1;
            }
            Tag::Series => self.series += 1,
            Tag::Point(_) => self.text_scopes += 1,
            Tag::SeriesName => {
                self.text_scopes += 1;
                self.slots.push(tag);
            }
            Tag::Categories | Tag::Values => self.slots.push(tag),
            _ => {}
        }
    }

    fn pop(&mut self, tag: Tag) {
        match tag {
            Tag::Title => {
                self.titles -= 1;
                self.text_scopes -= 1;
            }
            Tag::Series => self.series -= 1,
            Tag::Point(_) => self.text_scopes -= 1,
            Tag::SeriesName => {
                self.text_scopes -= 1;
                self.slots.pop();
            }
            Tag::Categories | Tag::Values => {
                self.slots.pop();
            }
            _ => {}
        }
    }
}

/// A chart's text: its titles (chart and axes) one per line, then its cached data as a
/// tab-separated table (a header of series names, then one row per category). `None` when the
/// chart shows no text.
pub(crate) fn chart_text(xr: &mut XmlReader<'_>) -> Result<Option<String>> {
    let mut stack: Vec<Tag> = Vec::new();
    let mut open = Open::default();
    let mut titles: Vec<String> = Vec::new();
    let mut series: Vec<Series> = Vec::new();
    // chartex: names of the `cx:series`, in order, for the `cx:data` blocks in order.
    let mut ex_names: Vec<String> = Vec::new();
    let mut text = String::new();
    while let Some(event) = xr.next_event()? {
        match event {
            Event::Start(e) => {
                let parent = stack.last().copied();
                let tag = match local_name(&e) {
                    b"title" => Tag::Title,
                    b"ser" | b"data" if series.len() < MAX_SERIES => {
                        series.push(Series::default());
                        Tag::Series
                    }
                    b"ser" | b"data" => {
                        xr.skip(&e)?;
                        continue;
                    }
                    b"series" => Tag::ExSeries,
                    b"tx" if matches!(parent, Some(Tag::Series | Tag::ExSeries)) => Tag::SeriesName,
                    b"cat" | b"xVal" if parent == Some(Tag::Series) => Tag::Categories,
                    b"val" | b"yVal" if parent == Some(Tag::Series) => Tag::Values,
                    // chartex dimensions: `cx:strDim type="cat"`, `cx:numDim type="val"`.
                    b"strDim" | b"numDim" if parent == Some(Tag::Series) => {
                        match attr(&e, b"type").as_deref() {
                            Some("cat" | "x") => Tag::Categories,
                            Some("val" | "y" | "size") => Tag::Values,
                            _ => Tag::Other,
                        }
                    }
                    b"pt" => match attr(&e, b"idx").and_then(|i| i.parse().ok()) {
                        Some(idx) if idx < MAX_POINTS => Tag::Point(idx),
                        _ => Tag::Other,
                    },
                    b"p" => Tag::Paragraph,
                    b"v" | b"t" => Tag::Leaf,
                    // Data labels and trendline labels repeat or decorate the data.
                    b"dLbls" | b"dLbl" | b"trendlineLbl" | b"dispUnitsLbl" => {
                        xr.skip(&e)?;
                        continue;
                    }
                    _ => Tag::Other,
                };
                // A paragraph break inside a title is a space.
                if tag == Tag::Paragraph && open.titles > 0 && !text.is_empty() {
                    text.push(' ');
                }
                open.push(tag);
                stack.push(tag);
            }
            Event::End(_) => {
                let Some(tag) = stack.pop() else { continue };
                open.pop(tag);
                match tag {
                    Tag::Title => {
                        let title = std::mem::take(&mut text);
                        let title = title.trim();
                        if !title.is_empty() && open.series == 0 && titles.len() < MAX_TITLES {
                            titles.push(title.to_string());
                        }
                    }
                    // A title taken from a cell: its text stays the title's.
                    Tag::Point(_) if open.titles > 0 => {}
                    Tag::Point(idx) => {
                        let mut value = std::mem::take(&mut text).trim().to_string();
                        if let Some(s) = series.last_mut() {
                            let slot = match open.slots.last() {
                                Some(Tag::Categories) => &mut s.categories,
                                Some(Tag::Values) => {
                                    // Excel caches 17 digits (`4.4000000000000004`); the
                                    // shortest form that reads back the same is what it shows.
                                    let shortest = value
                                        .trim()
                                        .parse::<f64>()
                                        .ok()
                                        .filter(|v| v.is_finite())
                                        .map(|v| v.to_string());
                                    if let Some(shortest) = shortest {
                                        value = shortest;
                                    }
                                    &mut s.values
                                }
                                Some(Tag::SeriesName) => {
                                    s.name = value;
                                    continue;
                                }
                                _ => continue,
                            };
                            // Multi-level categories: the first level read wins.
                            slot.entry(idx).or_insert(value);
                        }
                    }
                    Tag::SeriesName if stack.last() == Some(&Tag::ExSeries) => {
                        ex_names.push(std::mem::take(&mut text).trim().to_string());
                    }
                    Tag::SeriesName => {
                        // A name given as rich text or a bare `c:v` rather than a cached point.
                        let name = std::mem::take(&mut text);
                        if let Some(s) = series.last_mut().filter(|s| s.name.is_empty()) {
                            s.name = name.trim().to_string();
                        }
                    }
                    _ => {}
                }
            }
            other => {
                // Text sits in a `c:v` or `a:t`; a chartex point holds its value itself.
                if matches!(stack.last(), Some(Tag::Leaf | Tag::Point(_))) && open.text_scopes > 0 {
                    collect_text(&other, &mut text);
                }
            }
        }
    }
    for (s, name) in series.iter_mut().zip(ex_names) {
        if s.name.is_empty() {
            s.name = name;
        }
    }
    Ok(format_chart(&titles, &series))
}

fn format_chart(titles: &[String], series: &[Series]) -> Option<String> {
    let mut lines: Vec<String> = titles.to_vec();
    let categories = series.iter().map(|s| &s.categories).find(|c| !c.is_empty());
    let last_index = |points: &BTreeMap<usize, String>| points.keys().next_back().map(|i| i + 1);
    let rows = series
        .iter()
        .filter_map(|s| last_index(&s.values))
        .chain(categories.and_then(last_index))
        .max()
        .unwrap_or(0);
    if !series.is_empty() && (rows > 0 || series.iter().any(|s| !s.name.is_empty())) {
        let header: Vec<&str> = std::iter::once("")
            .chain(series.iter().map(|s| s.name.as_str()))
            .collect();
        lines.push(header.join("\t"));
        for row in 0..rows {
            let label = categories
                .and_then(|c| c.get(&row))
                .map_or("", String::as_str);
            let cells: Vec<&str> = std::iter::once(label)
                .chain(
                    series
                        .iter()
                        .map(|s| s.values.get(&row).map_or("", String::as_str)),
                )
                .collect();
            lines.push(cells.join("\t"));
        }
    }
    let text = lines.join("\n");
    (!text.trim().is_empty()).then_some(text)
}

/// The text of a SmartArt diagram's data part: each node's text on its own line, in the
/// order of the point list (paragraphs of a node joined by a space). Connectors and
/// presentation points carry no text of their own. `None` when the diagram has none.
pub(crate) fn diagram_text(xr: &mut XmlReader<'_>) -> Result<Option<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut text = String::new();
    // Inside a node's `dgm:t`, and the depth of that element.
    let mut in_text: Option<usize> = None;
    let mut node = false;
    while let Some(event) = xr.next_event()? {
        match event {
            Event::Start(e) => match local_name(&e) {
                b"pt" => {
                    // `type` defaults to `node`; assistants are nodes too.
                    node = matches!(attr(&e, b"type").as_deref(), None | Some("node" | "asst"));
                }
                b"t" if node && in_text.is_none() => in_text = Some(xr.depth()),
                b"p" if in_text.is_some() && !text.is_empty() => text.push(' '),
                _ => {}
            },
            Event::End(_) => {
                if in_text.is_some_and(|depth| xr.depth() < depth) {
                    in_text = None;
                    let line = std::mem::take(&mut text);
                    let line = line.trim();
                    if !line.is_empty() {
                        lines.push(line.to_string());
                    }
                }
            }
            other => {
                if in_text.is_some() {
                    collect_text(&other, &mut text);
                }
            }
        }
    }
    Ok((!lines.is_empty()).then(|| lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(xml: &str) -> Option<String> {
        chart_text(&mut XmlReader::lenient(xml)).unwrap()
    }

    fn diagram(xml: &str) -> Option<String> {
        diagram_text(&mut XmlReader::lenient(xml)).unwrap()
    }

    fn pts(values: &[&str]) -> String {
        let pts: String = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!(r#"<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>"#))
            .collect();
        format!(r#"<c:ptCount val="{}"/>{pts}"#, values.len())
    }

    #[test]
    fn a_chart_gives_its_title_and_its_cached_data_as_a_table() {
        let series = |name: &str, values: &[&str]| {
            format!(
                r#"<c:ser><c:idx val="0"/><c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache>{}</c:strCache></c:strRef></c:tx>
                <c:dLbls><c:dLbl><c:tx><c:rich><a:p><a:r><a:t>label</a:t></a:r></a:p></c:rich></c:tx></c:dLbl></c:dLbls>
                <c:cat><c:strRef><c:strCache>{}</c:strCache></c:strRef></c:cat>
                <c:val><c:numRef><c:numCache><c:formatCode>General</c:formatCode>{}</c:numCache></c:numRef></c:val></c:ser>"#,
                pts(&[name]),
                pts(&["North", "South &amp; East"]),
                pts(values)
            )
        };
        let xml = format!(
            r#"<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart>
            <c:title><c:tx><c:rich><a:p><a:r><a:t>Readers</a:t></a:r><a:r><a:t> by region</a:t></a:r></a:p><a:p><a:r><a:t>2024</a:t></a:r></a:p></c:rich></c:tx></c:title>
            <c:plotArea><c:barChart>{}{}</c:barChart>
            <c:valAx><c:title><c:tx><c:rich><a:p><a:r><a:t>Thousands</a:t></a:r></a:p></c:rich></c:tx></c:title></c:valAx>
            </c:plotArea></c:chart></c:chartSpace>"#,
            series("Print", &["4.3", "4.4000000000000004"]),
            series("Online", &["2.4"])
        );
        assert_eq!(
            chart(&xml).as_deref(),
            Some(
                "Readers by region 2024\nThousands\n\tPrint\tOnline\n\
                 North\t4.3\t2.4\nSouth & East\t4.4\t"
            )
        );
    }

    #[test]
    fn an_office_2016_chart_pairs_its_data_blocks_with_its_series_names() {
        let data = |id: u32, values: &str| {
            format!(
                r#"<cx:data id="{id}"><cx:strDim type="cat"><cx:f>Sheet1!$A$2:$A$3</cx:f><cx:lvl ptCount="2"><cx:pt idx="0">East</cx:pt><cx:pt idx="1">West</cx:pt></cx:lvl></cx:strDim><cx:numDim type="val"><cx:lvl ptCount="2" formatCode="General">{values}</cx:lvl></cx:numDim></cx:data>"#
            )
        };
        let xml = format!(
            r#"<cx:chartSpace xmlns:cx="http://schemas.microsoft.com/office/drawing/2014/chartex"><cx:chartData>{}{}</cx:chartData><cx:chart>
            <cx:title><cx:tx><cx:txData><cx:v>Sales</cx:v></cx:txData></cx:tx></cx:title>
            <cx:plotArea><cx:plotAreaRegion>
            <cx:series layoutId="waterfall"><cx:tx><cx:txData><cx:f>Sheet1!$B$1</cx:f><cx:v>2023</cx:v></cx:txData></cx:tx><cx:dataId val="0"/></cx:series>
            <cx:series layoutId="waterfall"><cx:tx><cx:txData><cx:v>2024</cx:v></cx:txData></cx:tx><cx:dataId val="1"/></cx:series>
            </cx:plotAreaRegion></cx:plotArea></cx:chart></cx:chartSpace>"#,
            data(0, r#"<cx:pt idx="0">-7</cx:pt><cx:pt idx="1">10</cx:pt>"#),
            data(1, r#"<cx:pt idx="0">3</cx:pt><cx:pt idx="1">-1.5</cx:pt>"#)
        );
        assert_eq!(
            chart(&xml).as_deref(),
            Some("Sales\n\t2023\t2024\nEast\t-7\t3\nWest\t10\t-1.5")
        );
    }

    #[test]
    fn a_chart_without_text_or_data_has_no_text() {
        assert_eq!(
            chart(
                r#"<c:chartSpace><c:chart><c:autoTitleDeleted val="1"/></c:chart></c:chartSpace>"#
            ),
            None
        );
    }

    #[test]
    fn a_hostile_point_index_is_ignored() {
        let xml = r#"<c:chartSpace><c:ser><c:val><c:numCache><c:pt idx="4000000000"><c:v>1</c:v></c:pt><c:pt idx="1"><c:v>7</c:v></c:pt></c:numCache></c:val></c:ser></c:chartSpace>"#;
        assert_eq!(chart(xml).as_deref(), Some("\t\n\t\n\t7"));
    }

    #[test]
    fn a_hostile_chart_cannot_make_memory_grow_faster_than_its_input() {
        // A few bytes per series, each with the highest index kept: no table of 10,000 rows
        // per series, and no more than 255 series.
        let one = r#"<c:ser><c:val><c:pt idx="9999"><c:v>1</c:v></c:pt></c:val></c:ser>"#;
        let xml = format!("<c:chartSpace>{}</c:chartSpace>", one.repeat(2_000));
        let text = chart(&xml).unwrap();
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows.len(), 1 + 10_000);
        assert_eq!(rows[0].matches('\t').count(), MAX_SERIES);
        assert_eq!(rows[10_000], "\t1".repeat(MAX_SERIES));
        let title =
            "<c:title><c:tx><c:rich><a:p><a:r><a:t>T</a:t></a:r></a:p></c:rich></c:tx></c:title>";
        let xml = format!("<c:chartSpace>{}</c:chartSpace>", title.repeat(1_000));
        assert_eq!(chart(&xml).unwrap().lines().count(), MAX_TITLES);
    }

    #[test]
    fn a_diagram_gives_the_text_of_its_nodes_one_per_line() {
        let xml = r#"<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>
            <dgm:pt modelId="0" type="doc"><dgm:prSet/><dgm:t><a:p><a:r><a:t>not a node</a:t></a:r></a:p></dgm:t></dgm:pt>
            <dgm:pt modelId="1"><dgm:t><a:bodyPr/><a:p><a:r><a:t>Plan</a:t></a:r></a:p></dgm:t></dgm:pt>
            <dgm:pt modelId="2" type="parTrans"><dgm:t><a:p><a:r><a:t>connector</a:t></a:r></a:p></dgm:t></dgm:pt>
            <dgm:pt modelId="3" type="node"><dgm:t><a:p><a:r><a:t>Write</a:t></a:r></a:p><a:p><a:r><a:t>and edit</a:t></a:r></a:p></dgm:t></dgm:pt>
            <dgm:pt modelId="4" type="asst"><dgm:t><a:p><a:r><a:t>出版</a:t></a:r></a:p></dgm:t></dgm:pt>
            <dgm:pt modelId="5" type="node"><dgm:t><a:p/></dgm:t></dgm:pt>
            </dgm:ptLst></dgm:dataModel>"#;
        assert_eq!(diagram(xml).as_deref(), Some("Plan\nWrite and edit\n出版"));
        assert_eq!(diagram("<dgm:dataModel/>"), None);
    }
}
