//! Tables: `w:gridSpan` and `w:vMerge` turned into column and row spans (covered cells
//! removed, as in HTML), header rows, and the table, row and cell properties. The walk over
//! `w:tbl` / `w:tr` / `w:tc` is the story reader's (cells hold blocks); this module only
//! reads properties and puts cells in their place, so it knows no reader.

use crate::HashMap;

use quick_xml::events::Event;

use super::changes::{author_and_date, either_change, tracked_change};
use crate::model::{Block, Cell, Change, PropertiesChange, Row, Table, TrackChanges};
use crate::xml::{attr, local_name, on_off, XmlReader};
use crate::Result;

/// What a cell's `w:tcPr` says about its place in the grid.
#[derive(Default)]
pub(super) struct CellProps {
    col_span: Option<usize>,
    merge: VMerge,
    /// A legacy horizontal merge continues into this cell.
    h_continue: bool,
    /// A tracked insertion or deletion of the cell (`w:cellIns`, `w:cellDel`).
    change: Option<Change>,
    /// A tracked change of its vertical merge (`w:cellMerge`), which is not undone.
    pub merge_change: bool,
}

impl CellProps {
    pub(super) fn change(&self) -> Option<&Change> {
        self.change.as_ref()
    }

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
pub(super) struct RawRow {
    pub header: bool,
    cells: Vec<(Cell, VMerge)>,
    /// The grid column of the next cell.
    column: usize,
    /// A tracked insertion or deletion of the row.
    change: Option<Change>,
    /// The reading of tracked changes: which rows and cells are in the table.
    mode: TrackChanges,
}

impl RawRow {
    pub(super) fn new(mode: TrackChanges) -> Self {
        RawRow {
            header: false,
            cells: Vec::new(),
            column: 0,
            change: None,
            mode,
        }
    }

    /// `w:trPr` or `w:tblPrEx` properties: a header row, cells skipped before the first, a
    /// tracked insertion or deletion of the row.
    pub(super) fn add_properties(&mut self, props: RowProps) {
        self.header |= props.header;
        self.column += props.grid_before;
        if self.change.is_none() {
            self.change = props.change;
        }
    }

    /// Whether the row is in the table in this reading of tracked changes.
    fn is_shown(&self) -> bool {
        self.mode.shows(self.change.as_ref())
    }

    /// A cell read with its properties; a legacy horizontal merge widens the cell before.
    /// A cell this reading removes (a deleted cell with changes accepted, an inserted one
    /// with them rejected) is kept, marked, but takes no grid column: the cells after it move
    /// into its place, as Word moves them once the change is made.
    pub(super) fn add_cell(&mut self, blocks: Vec<Block>, props: CellProps) {
        let col_span = props.col_span();
        let change = props.change.map(Box::new);
        if !self.mode.shows(change.as_deref()) {
            let cell = Cell {
                column: self.column,
                col_span,
                row_span: 1,
                blocks,
                change,
            };
            self.cells.push((cell, VMerge::None));
            return;
        }
        self.column += col_span;
        if props.h_continue {
            if let Some((prev, _)) = self.cells.last_mut().filter(|(c, _)| c.change.is_none()) {
                prev.col_span += col_span;
                return;
            }
        }
        let cell = Cell {
            column: self.column - col_span,
            col_span,
            row_span: 1,
            blocks,
            change,
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
        let shown = raw.is_shown();
        let mut row = Row {
            header: raw.header,
            cells: Vec::new(),
            change: raw.change.map(Box::new),
        };
        if !shown {
            // A row this reading removes is kept, marked, but takes no part in vertical
            // merges: a merge across it spans only the rows that stay.
            row.cells = raw.cells.into_iter().map(|(cell, _)| cell).collect();
            table.rows.push(row);
            return;
        }
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
            // Who changed the properties, and when; the old ones inside are not the table's.
            Event::Start(e) if local_name(&e) == b"tblPrChange" => {
                let (author, date) = author_and_date(&e);
                table.properties_change = Some(Box::new(PropertiesChange { author, date }));
                xr.skip(&e)?;
            }
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
    /// `w:ins` / `w:del` in `w:trPr`: the row was inserted or deleted.
    change: Option<Change>,
}

impl RowProps {
    pub(super) fn change(&self) -> Option<&Change> {
        self.change.as_ref()
    }
}

/// `w:trPr` or `w:tblPrEx` (just started).
pub(super) fn read_row_properties(xr: &mut XmlReader<'_>) -> Result<RowProps> {
    let level = xr.depth();
    let mut props = RowProps {
        header: false,
        grid_before: 0,
        change: None,
    };
    while let Some(event) = xr.next_event()? {
        match event {
            Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                b"tblHeader" => props.header = on_off(&e),
                b"gridBefore" => {
                    props.grid_before = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0)
                }
                b"ins" | b"del" => {
                    props.change = either_change(props.change.take(), tracked_change(&e))
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
            // Borders and margins hold nothing read here, and are most of a styled cell's
            // properties.
            Event::Start(e) if matches!(local_name(&e), b"tcBorders" | b"tcMar") => xr.skip(&e)?,
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
                b"cellIns" | b"cellDel" => {
                    props.change = either_change(props.change.take(), tracked_change(&e))
                }
                b"cellMerge" => props.merge_change = true,
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
            ..CellProps::default()
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
            let mut row = RawRow::new(TrackChanges::Accept);
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

    fn deleted() -> Option<Change> {
        Some(Change {
            kind: crate::model::ChangeKind::Deletion,
            author: None,
            date: None,
        })
    }

    #[test]
    fn a_deleted_cell_takes_no_column_when_accepted_and_its_own_when_rejected() {
        let row_in = |mode| {
            let mut row = RawRow::new(mode);
            row.add_cell(cell("a"), props(None, VMerge::None, false));
            let mut gone = props(Some(2), VMerge::None, false);
            gone.change = deleted();
            row.add_cell(cell("b"), gone);
            row.add_cell(cell("c"), props(None, VMerge::None, false));
            let mut table = Table::default();
            TableGrid::default().add_row(&mut table, row);
            let row = table.rows.remove(0);
            row.cells.iter().map(|c| c.column).collect::<Vec<_>>()
        };
        assert_eq!(row_in(TrackChanges::Accept), [0, 1, 1]);
        assert_eq!(row_in(TrackChanges::Reject), [0, 1, 3]);
        assert_eq!(row_in(TrackChanges::All), [0, 1, 3]);
    }

    #[test]
    fn a_row_the_reading_removes_is_kept_marked_and_outside_vertical_merges() {
        let mut table = Table::default();
        let mut grid = TableGrid::default();
        for (merge, change) in [
            (VMerge::Restart, None),
            (VMerge::Continue, deleted()),
            (VMerge::Continue, None),
        ] {
            let mut row = RawRow::new(TrackChanges::Accept);
            row.add_properties(RowProps {
                header: false,
                grid_before: 0,
                change,
            });
            row.add_cell(cell("x"), props(None, merge, false));
            grid.add_row(&mut table, row);
        }
        assert_eq!(table.rows.len(), 3);
        assert!(table.rows[1].change.is_some());
        assert!(!table.rows[1].is_shown_in(TrackChanges::Accept));
        assert_eq!(
            table.rows[1].cells.len(),
            1,
            "the removed row keeps its cell"
        );
        assert_eq!(table.rows[0].cells[0].row_span, 2);
        assert!(table.rows[2].cells.is_empty(), "covered by the merge");
    }

    #[test]
    fn grid_before_and_spans_place_cells_and_a_legacy_horizontal_merge_widens_the_cell_before() {
        let mut row = RawRow::new(TrackChanges::Accept);
        row.add_properties(RowProps {
            header: true,
            grid_before: 1,
            change: None,
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
