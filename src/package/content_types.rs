//! `[Content_Types].xml`: media types by extension (`Default`) and by part (`Override`).

use crate::HashMap;

use crate::xml::{attrs, local_name, XmlReader};
use quick_xml::events::Event;

#[derive(Debug, Default, Clone)]
pub(crate) struct ContentTypes {
    defaults: HashMap<String, String>,
    overrides: HashMap<String, String>,
}

impl ContentTypes {
    /// Parse leniently: a damaged content-types part only loses media types.
    pub fn parse(bytes: &[u8]) -> ContentTypes {
        let mut types = ContentTypes::default();
        let text = crate::xml::decode(bytes);
        let mut reader = XmlReader::lenient(&text.text);
        while let Ok(Some(event)) = reader.next_event() {
            let (Event::Start(e) | Event::Empty(e)) = event else {
                continue;
            };
            match local_name(&e) {
                b"Default" => {
                    if let [Some(ext), Some(ct)] = attrs(&e, [b"Extension", b"ContentType"]) {
                        types.defaults.insert(ext.to_lowercase(), ct.into_owned());
                    }
                }
                b"Override" => {
                    if let [Some(part), Some(ct)] = attrs(&e, [b"PartName", b"ContentType"]) {
                        types
                            .overrides
                            .insert(part.trim_start_matches('/').to_lowercase(), ct.into_owned());
                    }
                }
                _ => {}
            }
        }
        types
    }

    /// The media type of a part: its override, else the default for its extension, else a
    /// guess from the extension for common image types.
    pub fn of(&self, part: &str) -> Option<String> {
        let key = part.trim_start_matches('/').to_lowercase();
        if let Some(ct) = self.overrides.get(&key) {
            return Some(ct.clone());
        }
        let ext = key.rsplit_once('.').map(|(_, e)| e)?;
        if let Some(ct) = self.defaults.get(ext) {
            return Some(ct.clone());
        }
        let guess = match ext {
            "png" => "image/png",
            "jpg" | "jpeg" | "jpe" => "image/jpeg",
            "gif" => "image/gif",
            "bmp" => "image/bmp",
            "tif" | "tiff" => "image/tiff",
            "emf" => "image/x-emf",
            "wmf" => "image/x-wmf",
            "svg" => "image/svg+xml",
            "webp" => "image/webp",
            _ => return None,
        };
        Some(guess.to_string())
    }
}
