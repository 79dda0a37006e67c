//! Tables: rows, cells, `w:gridSpan` and `w:vMerge` turned into column and row spans (covered
//! cells removed, as in HTML), header rows, nested tables.

use crate::HashMap;

use quick_xml::events::Event;

use super::story::{StoryReader, Wrapper};
use crate::model::{Block, Cell, Row, Table};
use crate::xml::{attr, local_name, on_off};
use crate::Result;

impl StoryReader<'_, '_> {
    pub(super) fn read_table(&mut self) -> Result<Table> {
        let index = self.b.alloc_index();
        let mut table = Table {
            index,
            ..Table::default()
        };
        // Vertical merges: grid column -> (row, cell) of the cell that started the merge.
        let mut merge_origins: HashMap<usize, (usize, usize)> = HashMap::default();
        let level = self.xr.depth();
        let mut wrappers: Vec<Wrapper> = Vec::new();
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"tblPr" => self.read_table_properties(&mut table)?,
                    b"tr" => {
                        let raw = self.read_row()?;
                        let row_index = table.rows.len();
                        let mut row = Row {
                            header: raw.header,
                            cells: Vec::new(),
                        };
                        for (cell, merge) in raw.cells {
                            match merge {
                                VMerge::Continue => {
                                    if let Some(&(r, c)) = merge_origins.get(&cell.column) {
                                        let origin = &mut table.rows[r].cells[c];
                                        origin.row_span += 1;
                                        // A continued cell normally holds an empty paragraph;
                                        // keep any real content rather than lose it.
                                        if cell.blocks.iter().any(has_text) {
                                            origin.blocks.extend(cell.blocks);
                                        }
                                        continue;
                                    }
                                    row.cells.push(cell);
                                }
                                VMerge::Restart => {
                                    merge_origins.insert(cell.column, (row_index, row.cells.len()));
                                    row.cells.push(cell);
                                }
                                VMerge::None => {
                                    merge_origins.remove(&cell.column);
                                    row.cells.push(cell);
                                }
                            }
                        }
                        table.rows.push(row);
                    }
                    _ => {
                        if let Some(w) = self.open_wrapper(&e, &mut wrappers, None)? {
                            wrappers.push(w);
                        }
                    }
                },
                Event::Empty(e) => self.block_level_mark(&e),
                Event::End(_) if self.end_of(level, &mut wrappers, None) => break,
                _ => {}
            }
        }
        Ok(table)
    }

    /// `w:tblPr` (just started): style, caption and description.
    fn read_table_properties(&mut self, table: &mut Table) -> Result<()> {
        let level = self.xr.depth();
        while let Some(event) = self.xr.next_event()? {
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
                Event::End(_) if self.xr.depth() < level => break,
                _ => {}
            }
        }
        Ok(())
    }

    fn read_row(&mut self) -> Result<RawRow> {
        let level = self.xr.depth();
        let mut row = RawRow::default();
        let mut column = 0usize;
        let mut wrappers: Vec<Wrapper> = Vec::new();
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"trPr" | b"tblPrEx" => {
                        let (header, grid_before) = self.read_row_properties()?;
                        row.header |= header;
                        column += grid_before;
                    }
                    b"tc" => {
                        let (mut cell, merge, h_continue) = self.read_cell(column)?;
                        column += cell.col_span;
                        // Legacy horizontal merge: the continuing cell widens the one before.
                        if h_continue {
                            if let Some((prev, _)) = row.cells.last_mut() {
                                prev.col_span += cell.col_span;
                                continue;
                            }
                        }
                        cell.column = column - cell.col_span;
                        row.cells.push((cell, merge));
                    }
                    _ => {
                        if let Some(w) = self.open_wrapper(&e, &mut wrappers, None)? {
                            wrappers.push(w);
                        }
                    }
                },
                Event::Empty(e) => self.block_level_mark(&e),
                Event::End(_) if self.end_of(level, &mut wrappers, None) => break,
                _ => {}
            }
        }
        Ok(row)
    }

    fn read_row_properties(&mut self) -> Result<(bool, usize)> {
        let level = self.xr.depth();
        let (mut header, mut grid_before) = (false, 0);
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                    b"tblHeader" => header = on_off(&e),
                    b"gridBefore" => {
                        grid_before = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0)
                    }
                    _ => {}
                },
                Event::End(_) if self.xr.depth() < level => break,
                _ => {}
            }
        }
        Ok((header, grid_before))
    }

    /// A cell, its vertical merge state, and whether it continues a legacy horizontal merge.
    fn read_cell(&mut self, column: usize) -> Result<(Cell, VMerge, bool)> {
        let mut props = CellProps::default();
        let mut blocks = Vec::new();
        self.read_container(&mut blocks, Some(&mut props))?;
        let cell = Cell {
            column,
            col_span: props.col_span.unwrap_or(1),
            row_span: 1,
            blocks,
        };
        Ok((cell, props.merge, props.h_continue))
    }

    /// `w:tcPr` (just started): the spans and merges of a cell.
    pub(super) fn read_cell_properties(&mut self, props: &mut CellProps) -> Result<()> {
        let level = self.xr.depth();
        while let Some(event) = self.xr.next_event()? {
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
                Event::End(_) if self.xr.depth() < level => break,
                _ => {}
            }
        }
        Ok(())
    }
}

/// What a cell's `w:tcPr` says about its place in the grid.
#[derive(Default)]
pub(super) struct CellProps {
    col_span: Option<usize>,
    merge: VMerge,
    /// A legacy horizontal merge continues into this cell.
    h_continue: bool,
}

#[derive(Default)]
struct RawRow {
    header: bool,
    cells: Vec<(Cell, VMerge)>,
}

#[derive(Clone, Copy, PartialEq, Default)]
enum VMerge {
    #[default]
    None,
    Restart,
    Continue,
}

fn has_text(block: &Block) -> bool {
    match block {
        Block::Paragraph(p) => !p.text.trim().is_empty(),
        Block::Table(_) => true,
    }
}
