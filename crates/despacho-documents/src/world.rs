//! The Typst world of a render: the templates (parsed once), the embedded fonts and the
//! standard library (loaded once, shared by every render), plus this render's virtual files
//! (`/data.json`, the logo, the annex PDFs).

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The Typst sources of the documents, from `assets/templates/`.
const TEMPLATES: [(&str, &str); 7] = [
    (
        "/common.typ",
        include_str!("../../../assets/templates/common.typ"),
    ),
    (
        "/agenda.typ",
        include_str!("../../../assets/templates/agenda.typ"),
    ),
    (
        "/minutes.typ",
        include_str!("../../../assets/templates/minutes.typ"),
    ),
    (
        "/statements.typ",
        include_str!("../../../assets/templates/statements.typ"),
    ),
    (
        "/regulation.typ",
        include_str!("../../../assets/templates/regulation.typ"),
    ),
    (
        "/eligibility.typ",
        include_str!("../../../assets/templates/eligibility.typ"),
    ),
    (
        "/compliance.typ",
        include_str!("../../../assets/templates/compliance.typ"),
    ),
];

/// The fonts the templates use, and only those (issue 9: the `.deb` ships no unused font):
/// Libertinus Serif for all text, and DejaVu Sans Mono, which has the ✓ and ✗ of the
/// eligibility report that Libertinus lacks (Typst falls back to it for those glyphs). Typst's
/// other bundled fonts (New Computer Modern and its math font, 6.5 MB) are not embedded.
/// Licences: `assets/fonts/NOTICE`.
pub(crate) const FONTS: &[&[u8]] = &[
    include_bytes!("../../../assets/fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("../../../assets/fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("../../../assets/fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("../../../assets/fonts/LibertinusSerif-BoldItalic.otf"),
    include_bytes!("../../../assets/fonts/LibertinusSerif-Semibold.otf"),
    include_bytes!("../../../assets/fonts/LibertinusSerif-SemiboldItalic.otf"),
    include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf"),
    include_bytes!("../../../assets/fonts/DejaVuSansMono-Bold.ttf"),
];

/// What every render shares: loaded once, lazily.
pub(crate) struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    sources: HashMap<FileId, Source>,
}

static SHARED: OnceLock<Shared> = OnceLock::new();

pub(crate) fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("the crate's virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl Shared {
    pub(crate) fn get() -> &'static Shared {
        SHARED.get_or_init(|| {
            let fonts: Vec<Font> = FONTS
                .iter()
                .flat_map(|data| Font::iter(Bytes::new(*data)))
                .collect();
            let book = FontBook::from_fonts(&fonts);
            let sources = TEMPLATES
                .iter()
                .map(|(path, text)| {
                    let id = file_id(path);
                    (id, Source::new(id, (*text).to_owned()))
                })
                .collect();
            Shared {
                library: LazyHash::new(Library::builder().build()),
                book: LazyHash::new(book),
                fonts,
                sources,
            }
        })
    }
}

/// One render: the shared parts plus this document's data files.
pub(crate) struct DocWorld {
    shared: &'static Shared,
    main: FileId,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl DocWorld {
    pub(crate) fn new(main: &str, today: Datetime) -> DocWorld {
        DocWorld {
            shared: Shared::get(),
            main: file_id(main),
            files: HashMap::new(),
            today,
        }
    }

    pub(crate) fn add_file(&mut self, path: &str, data: Vec<u8>) {
        self.files.insert(file_id(path), Bytes::new(data));
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.shared.sources.get(&id) {
            Some(source) => Ok(source.clone()),
            None if self.files.contains_key(&id) => Err(FileError::NotSource),
            None => Err(not_found(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        match self.shared.sources.get(&id) {
            Some(source) => Ok(Bytes::from_string(source.text().to_owned())),
            None => Err(not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}

#[cfg(test)]
mod font_tests {
    use super::Shared;

    #[test]
    fn only_the_fonts_the_templates_use_are_embedded() {
        let fonts = &Shared::get().fonts;
        let mut families: Vec<&str> = fonts.iter().map(|f| f.info().family.as_str()).collect();
        families.sort_unstable();
        families.dedup();
        assert_eq!(families, ["DejaVu Sans Mono", "Libertinus Serif"]);
        // The eligibility report's ✓ and ✗ have a font to fall back to.
        for mark in ['✓', '✗'] {
            assert!(
                fonts
                    .iter()
                    .any(|f| f.info().coverage.contains(mark as u32)),
                "{mark}"
            );
        }
    }
}
