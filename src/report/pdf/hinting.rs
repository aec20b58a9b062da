//! Dropping the TrueType hinting of a subset font: the glyphs' instructions and the
//! `fpgm`, `prep` and `cvt ` tables. They are more than half of a subset's compressed
//! size, and PDF viewers draw the outlines unhinted (or auto-hinted) anyway; the
//! outlines, metrics and glyph ids stay exactly as they were.

/// `font` (an sfnt with `glyf` outlines) without its hinting, or `None` when it is not
/// laid out as expected (the caller then embeds it as it is).
pub(crate) fn strip_hinting(font: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|s| u16::from_be_bytes([s[0], s[1]]));
    let u32_at = |b: &[u8], i: usize| {
        b.get(i..i + 4)
            .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    };
    let count = usize::from(u16_at(font, 4)?);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(count);
    for i in 0..count {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let off = u32_at(font, rec + 8)? as usize;
        let len = u32_at(font, rec + 12)? as usize;
        tables.push((tag, font.get(off..off.checked_add(len)?)?.to_vec()));
    }
    let table = |tag: &[u8; 4]| tables.iter().find(|t| &t.0 == tag).map(|t| t.1.as_slice());
    let head = table(b"head")?;
    let long = u16_at(head, 50)? == 1;
    let glyphs = usize::from(u16_at(table(b"maxp")?, 4)?);
    let (loca, glyf) = (table(b"loca")?, table(b"glyf")?);
    let at = |i: usize| -> Option<usize> {
        if long {
            u32_at(loca, 4 * i).map(|v| v as usize)
        } else {
            u16_at(loca, 2 * i).map(|v| 2 * usize::from(v))
        }
    };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(4 * (glyphs + 1));
    for i in 0..glyphs {
        new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        let g = glyf.get(at(i)?..at(i + 1)?)?;
        if !g.is_empty() {
            new_glyf.extend_from_slice(&without_instructions(g)?);
            new_glyf.resize(new_glyf.len().next_multiple_of(4), 0);
        }
    }
    new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
    let mut new_head = head.to_vec();
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    new_head.get_mut(8..12)?.fill(0);
    for (tag, data) in &mut tables {
        match &*tag {
            b"glyf" => *data = std::mem::take(&mut new_glyf),
            b"loca" => *data = std::mem::take(&mut new_loca),
            b"head" => *data = std::mem::take(&mut new_head),
            _ => {}
        }
    }
    tables.retain(|t| !matches!(&t.0, b"fpgm" | b"prep" | b"cvt "));
    Some(assemble(font.get(0..4)?, tables))
}

/// One glyph's data without its instructions.
fn without_instructions(g: &[u8]) -> Option<Vec<u8>> {
    let contours = i16::from_be_bytes([*g.first()?, *g.get(1)?]);
    let u16_at = |i: usize| g.get(i..i + 2).map(|s| u16::from_be_bytes([s[0], s[1]]));
    if contours >= 0 {
        // header, end points, instruction length, instructions, flags and points
        let p = 10 + 2 * contours as usize;
        let n = usize::from(u16_at(p)?);
        let mut out = g.get(..p)?.to_vec();
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(g.get(p + 2 + n..)?);
        return Some(out);
    }
    // a composite: components up to the last, whose flag says whether instructions follow
    let mut p = 10;
    loop {
        let flags = u16_at(p)?;
        let args = if flags & 0x0001 != 0 { 4 } else { 2 };
        let scale = if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        let end = p + 4 + args + scale;
        if flags & 0x0020 == 0 {
            let mut out = g.get(..end)?.to_vec();
            out[p..p + 2].copy_from_slice(&(flags & !0x0100).to_be_bytes());
            return Some(out);
        }
        p = end;
    }
}

/// An sfnt of `tables` (sorted by tag) with their checksums and the head's
/// checksum adjustment.
fn assemble(version: &[u8], mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    fn sum(b: &[u8]) -> u32 {
        b.chunks(4).fold(0u32, |acc, c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            acc.wrapping_add(u32::from_be_bytes(w))
        })
    }
    tables.sort_by_key(|t| t.0);
    let n = tables.len() as u16;
    let selector = 15 - n.max(1).leading_zeros() as u16;
    let range = 16u16 << selector;
    let mut out = version.to_vec();
    for v in [n, range, selector, (n * 16).wrapping_sub(range)] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&sum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(h) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(sum(&out));
        out[h + 8..h + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables of an sfnt: tag → bytes.
    fn tables(font: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
        let n = usize::from(u16::from_be_bytes([font[4], font[5]]));
        (0..n)
            .map(|i| {
                let r = &font[12 + 16 * i..28 + 16 * i];
                let off = u32::from_be_bytes([r[8], r[9], r[10], r[11]]) as usize;
                let len = u32::from_be_bytes([r[12], r[13], r[14], r[15]]) as usize;
                (r[..4].try_into().unwrap(), font[off..off + len].to_vec())
            })
            .collect()
    }

    /// Each glyph's data (long `loca`, as `strip_hinting` writes it).
    fn glyphs(font: &[u8]) -> Vec<Vec<u8>> {
        let t = tables(font);
        let get = |tag: &[u8; 4]| t.iter().find(|x| &x.0 == tag).unwrap().1.clone();
        let (loca, glyf) = (get(b"loca"), get(b"glyf"));
        let at: Vec<usize> = loca
            .chunks(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
            .collect();
        at.windows(2).map(|w| glyf[w[0]..w[1]].to_vec()).collect()
    }

    #[test]
    fn hinting_is_dropped_and_the_outlines_and_metrics_kept() {
        let font = super::super::Fonts::load().unwrap();
        // simple glyphs, and `ą`, `Ł`, `ż`, which Liberation Sans builds from components
        let mut gids: Vec<u16> = "Aa1?ąŁż"
            .chars()
            .map(|c| font.glyph(super::super::Face::Regular, c).unwrap())
            .collect();
        gids.sort_unstable();
        let remap = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
        let subset = subsetter::subset(super::super::REGULAR_TTF, 0, &remap).unwrap();
        let stripped = strip_hinting(&subset).unwrap();
        assert!(
            stripped.len() < subset.len() * 2 / 3,
            "{} of {}",
            stripped.len(),
            subset.len()
        );

        let before: Vec<[u8; 4]> = tables(&subset).into_iter().map(|t| t.0).collect();
        let after: Vec<[u8; 4]> = tables(&stripped).into_iter().map(|t| t.0).collect();
        for t in [b"fpgm", b"prep", b"cvt "] {
            assert!(before.contains(t) && !after.contains(t));
        }
        assert_eq!(before.len(), after.len() + 3);
        // metrics and names untouched
        for tag in [b"hmtx", b"hhea", b"maxp", b"name", b"post"] {
            let get = |f: &[u8]| tables(f).into_iter().find(|t| &t.0 == tag).unwrap().1;
            assert_eq!(
                get(&subset),
                get(&stripped),
                "{}",
                String::from_utf8_lossy(tag)
            );
        }
        // the whole font sums to the magic number (head's checksum adjustment)
        let sum = stripped.chunks(4).fold(0u32, |a, c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            a.wrapping_add(u32::from_be_bytes(w))
        });
        assert_eq!(sum, 0xB1B0_AFBA);

        let glyphs = glyphs(&stripped);
        assert!(glyphs.len() > gids.len(), "components were added");
        let mut composites = 0;
        for g in glyphs.iter().filter(|g| !g.is_empty()) {
            let contours = i16::from_be_bytes([g[0], g[1]]);
            if contours >= 0 {
                let p = 10 + 2 * contours as usize;
                assert_eq!(&g[p..p + 2], &[0, 0], "no instructions");
            } else {
                composites += 1;
                assert_eq!(g.len() % 4, 0);
            }
        }
        assert!(composites > 0);

        // anything else is left alone, and never panics
        assert!(strip_hinting(b"not a font").is_none());
        for cut in (0..subset.len()).step_by(97) {
            let _ = strip_hinting(&subset[..cut]);
        }
    }
}
