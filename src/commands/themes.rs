//! `watchdesk themes [--terms]`: what the tagger loaded, for a lexicon editor to check.

use std::io::Write;

use crate::cli::ThemesArgs;

pub fn run(args: &ThemesArgs) -> anyhow::Result<()> {
    let tagger = super::load_tagger(&args.lexicon)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.terms {
        for theme in tagger.themes() {
            for term in &theme.terms {
                writeln!(out, "{}", term.text.trim_end_matches('*'))?;
            }
        }
        for province in &tagger.gazetteer().provinces {
            for name in province.names.iter().chain(&province.places) {
                writeln!(out, "{name}")?;
            }
        }
    } else {
        writeln!(
            out,
            "{:<22} {:<8} {:>5}  {:<28} {:<36} file",
            "id", "severity", "terms", "name (en)", "name (ar)"
        )?;
        for t in tagger.themes() {
            writeln!(
                out,
                "{:<22} {:<8} {:>5}  {:<28} {:<36} {}",
                t.id,
                t.severity,
                t.terms.len(),
                t.name_en,
                crate::text::sanitize_line(&t.name_ar),
                crate::text::sanitize_line(&t.origin)
            )?;
        }
        let g = tagger.gazetteer();
        let places: usize = g
            .provinces
            .iter()
            .map(|p| p.names.len() + p.places.len())
            .sum();
        writeln!(
            out,
            "\ngazetteer: {} provinces, {places} names and places",
            g.provinces.len()
        )?;
    }
    out.flush()?;
    Ok(())
}
