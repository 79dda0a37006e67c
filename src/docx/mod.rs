//! WordprocessingML parts -> model. (Parser lands in the next commit.)
use crate::{Document, Options, Result};

pub(crate) fn read_document(_bytes: &[u8], _options: &Options) -> Result<Document> {
    Err(crate::Error::new(crate::ErrorKind::MissingPart(
        "parser not yet written".into(),
    )))
}
