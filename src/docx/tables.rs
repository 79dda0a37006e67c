//! Tables: `w:gridSpan` and `w:vMerge` turned into column and row spans (covered cells
//! removed, as in HTML), header rows, and the table, row and cell properties. The walk over
//! `w:tbl` / `w:tr` / `w:tc` is the story reader's (cells hold blocks); this module only
//! reads properties and puts cells in their place, so it knows no reader.

use crate::HashMap;

use quick_xml::events::Event;

use crate::model::{Block, Cell, Row, Table};
use crate::xml::{attr, local_name, on_off, XmlReader};
use crate::Result;

/// What a cell's `w:tcPr` says about its place in the grid.
#[derive(Default)]
pub(super) struct CellProps {
    col_span: Option<usize>,
    merge: VMerge,
    /// A legacy horizontal merge continues into this cell.
    h_continue: bool,
}

impl CellProps {
    /// How many grid columns the cell spans.
    pub(super) fn col_span(&self) -> usize {
        self.col_span.unwrap_or(1)
    }
}

#[derive(Clone, Copy, PartialEq, Default)]
enum VMerge {
    #[default]
    None,
    Restart,
    Continue,
}

/// A row's cells as read, before vertical merges fold them into the rows above.
#[derive(Default)]
pub(super) struct RawRow {
    pub header: bool,
    cells: Vec<(Cell, VMerge)>,
    /// The grid column of the next cell.
    column: usize,
}

impl RawRow {
    /// `w:trPr` or `w:tblPrEx` properties: a header row, cells skipped before the first.
    pub(super) fn add_properties(&mut self, props: RowProps) {
        self.header |= props.header;
        self.column += props.grid_before;
    }

    /// A cell read with its properties; a legacy horizontal merge widens the cell before.
    pub(super) fn add_cell(&mut self, blocks: Vec<Block>, props: CellProps) {
        let col_span = props.col_span();
        self.column += col_span;
        if props.h_continue {
            if let Some((prev, _)) = self.cells.last_mut() {
                prev.col_span += col_span;
                return;
            }
        }
        let cell = Cell {
            column: self.column - col_span,
            col_span,
            row_span: 1,
            blocks,
        };
        self.cells.push((cell, props.merge));
    }
}

/// Rows added to a table in order, each cell that continues a vertical merge folded into the
/// cell that started it.
#[derive(Default)]
pub(super) struct TableGrid {
    /// Vertical merges: grid column -> (row, cell) of the cell that started the merge.
    merge_origins: HashMap<usize, (usize, usize)>,
}

impl TableGrid {
    pub(super) fn add_row(&mut self, table: &mut Table, raw: RawRow) {
        let row_index = table.rows.len();
        let mut row = Row {
            header: raw.header,
            cells: Vec::new(),
        };
        for (cell, merge) in raw.cells {
            match merge {
                VMerge::Continue => {
                    if let Some(&(r, c)) = self.merge_origins.get(&cell.column) {
                        let origin = &mut table.rows[r].cells[c];
                        origin.row_span += 1;
                        // A continued cell normally holds an empty paragraph; keep any real
                        // content rather than lose it.
                        if cell.blocks.iter().any(has_text) {
                            origin.blocks.extend(cell.blocks);
                        }
                        continue;
                    }
                    row.cells.push(cell);
                }
                VMerge::Restart => {
                    self.merge_origins
                        .insert(cell.column, (row_index, row.cells.len()));
                    row.cells.push(cell);
                }
                VMerge::None => {
                    self.merge_origins.remove(&cell.column);
                    row.cells.push(cell);
                }
            }
        }
        table.rows.push(row);
    }
}

/// `w:tblPr` (just started): style, caption and description.
pub(super) fn read_table_properties(xr: &mut XmlReader<'_>, table: &mut Table) -> Result<()> {
    let level = xr.depth();
    while let Some(event) = xr.next_event()? {
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let value = || attr(&e, b"val").map(|v| v.into_owned());
                match local_name(&e) {
                    b"tblStyle" => table.style_id = value(),
                    b"tblCaption" => table.caption = value().filter(|v| !v.is_empty()),
                    b"tblDescription" => table.description = value().filter(|v| !v.is_empty()),
                    _ => {}
                }
            }
            Event::End(_) if xr.depth() < level => break,
            _ => {}
        }
    }
    Ok(())
}

/// What `w:trPr` / `w:tblPrEx` say about a row.
pub(super) struct RowProps {
    header: bool,
    grid_before: usize,
}

/// `w:trPr` or `w:tblPrEx` (just started).
pub(super) fn read_row_properties(xr: &mut XmlReader<'_>) -> Result<RowProps> {
    let level = xr.depth();
    let mut props = RowProps {
        header: false,
        grid_before: 0,
    };
    while let Some(event) = xr.next_event()? {
        match event {
            Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                b"tblHeader" => props.header = on_off(&e),
                b"gridBefore" => {
                    props.grid_before = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0)
                }
                _ => {}
            },
            Event::End(_) if xr.depth() < level => break,
            _ => {}
        }
    }
    Ok(props)
}

/// `w:tcPr` (just started): the spans and merges of a cell.
pub(super) fn read_cell_properties(xr: &mut XmlReader<'_>, props: &mut CellProps) -> Result<()> {
    let level = xr.depth();
    while let Some(event) = xr.next_event()? {
        match event {
            Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                b"gridSpan" => {
                    let span = attr(&e, b"val").and_then(|v| v.parse().ok());
                    props.col_span = Some(span.unwrap_or(1usize).clamp(1, 1000));
                }
                b"vMerge" => {
                    props.merge = match attr(&e, b"val").as_deref() {
                        Some("restart") => VMerge::Restart,
                        _ => VMerge::Continue,
                    }
                }
                b"hMerge" => props.h_continue = attr(&e, b"val").as_deref() != Some("restart"),
                _ => {}
            },
            Event::End(_) if xr.depth() < level => break,
            _ => {}
        }
    }
    Ok(())
}

fn has_text(block: &Block) -> bool {
    match block {
        Block::Paragraph(p) => !p.text.trim().is_empty(),
        Block::Table(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Paragraph;

    fn cell(text: &str) -> Vec<Block> {
        vec![Block::Paragraph(Paragraph {
            text: text.into(),
            ..Paragraph::default()
        })]
    }

    fn props(col_span: Option<usize>, merge: VMerge, h_continue: bool) -> CellProps {
        CellProps {
            col_span,
            merge,
            h_continue,
        }
    }

    #[test]
    fn a_vertical_merge_becomes_a_row_span_and_keeps_real_content_of_covered_cells() {
        let mut table = Table::default();
        let mut grid = TableGrid::default();
        for (first, merge) in [
            ("top", VMerge::Restart),
            ("", VMerge::Continue),
            ("kept", VMerge::Continue),
        ] {
            let mut row = RawRow::default();
            row.add_cell(cell(first), props(None, merge, false));
            row.add_cell(cell("b"), props(None, VMerge::None, false));
            grid.add_row(&mut table, row);
        }
        let origin = &table.rows[0].cells[0];
        assert_eq!(origin.row_span, 3);
        assert_eq!(origin.blocks.len(), 2, "the covered cell's text is kept");
        assert_eq!(table.rows[1].cells.len(), 1);
        assert_eq!(table.rows[1].cells[0].column, 1);
    }

    #[test]
    fn grid_before_and_spans_place_cells_and_a_legacy_horizontal_merge_widens_the_cell_before() {
        let mut row = RawRow::default();
        row.add_properties(RowProps {
            header: true,
            grid_before: 1,
        });
        row.add_cell(cell("a"), props(Some(2), VMerge::None, false));
        row.add_cell(cell(""), props(None, VMerge::None, true));
        row.add_cell(cell("c"), props(None, VMerge::None, false));
        let mut table = Table::default();
        TableGrid::default().add_row(&mut table, row);
        let row = &table.rows[0];
        assert!(row.header);
        let placed: Vec<_> = row.cells.iter().map(|c| (c.column, c.col_span)).collect();
        assert_eq!(placed, [(1, 3), (4, 1)]);
    }
}
