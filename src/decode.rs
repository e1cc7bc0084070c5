//! Decode: turn a file's bytes into UTF-8 text with `\n` line ends.
//!
//! Owns: encoding detection (BOM, UTF-8, GBK/GB18030 via chardetng),
//! line-end normalisation. Must not interpret the text.

use crate::model::{DecodedSource, Diagnostic, SourceFile};
use encoding_rs::{Encoding, GB18030};

/// Share of NUL bytes above which a file is taken for binary, not text: a
/// real report has none, and UTF-16 without a BOM (half NULs) is not a
/// supported input.
const MAX_NUL_SHARE: f64 = 0.01;

/// A file that is mostly UTF-8 but has a few broken bytes (a bad copy, a
/// truncated download) is kept as UTF-8 with the broken bytes replaced,
/// rather than re-read as GBK where all of it would turn into nonsense. It
/// is "mostly UTF-8" with at least this many valid multi-byte characters
/// per invalid sequence. GBK text read as UTF-8 has about one valid
/// character for ten invalid sequences, so the two never meet.
const UTF8_VALID_PER_INVALID: usize = 4;

/// Rule "enough evidence": the encoding detector reads the file a block at
/// a time and stops once it has seen this many non-ASCII bytes (some 500
/// GBK characters), which leave no doubt between GBK, Big5 and the rest
/// (browsers settle a page's encoding on its first kilobyte).
/// ASCII says nothing about the encoding, so a long ASCII opening (front
/// matter, a table of numbers) does not count; feeding the detector a whole
/// report costs more than parsing it (chardetng is slow).
const DETECTION_NON_ASCII: usize = 1024;

/// The block the detector is fed at a time, between two counts of evidence.
const DETECTION_BLOCK: usize = 1024;

/// Decodes one report file. Returns the text, or an error naming the file.
/// Decoding that needed a guess (GBK, repaired UTF-8) adds a warning so that
/// the publisher knows.
pub fn decode(
    file: SourceFile,
    bytes: &[u8],
) -> Result<(DecodedSource, Vec<Diagnostic>), Diagnostic> {
    let mut warnings = Vec::new();
    let (text, encoding) = decode_bytes(bytes).map_err(|msg| {
        Diagnostic::error(&file.rel_path, msg)
            .help("save the file as UTF-8 (or GBK) text and build again")
    })?;
    if let Some(note) = encoding.note {
        warnings
            .push(Diagnostic::warning(&file.rel_path, note).help(
                "the text was read as shown; save the file as UTF-8 to silence this warning",
            ));
    }
    let text = normalise_line_ends(text);
    Ok((
        DecodedSource {
            file,
            text,
            encoding: encoding.name,
        },
        warnings,
    ))
}

/// The text of a file already decoded once as `encoding` (the name
/// [`decode`] gave it), as [`decode`] made it then, without detecting the
/// encoding again: the pipeline reads a report file a second time to write
/// its original text, rather than hold every report's until the slugs are
/// settled. `None` if the bytes do not decode as `encoding` (the file
/// changed in between).
pub fn decode_known(bytes: &[u8], encoding: &str) -> Option<String> {
    let text = match Encoding::for_bom(bytes) {
        Some((found, bom_len)) => decode_with(found, &bytes[bom_len..]).ok()?,
        // Valid or repaired, UTF-8 is read as `decode_bytes` reads it.
        None if encoding == "UTF-8" => String::from_utf8_lossy(bytes).into_owned(),
        None => decode_with(legacy(Encoding::for_label(encoding.as_bytes())?), bytes).ok()?,
    };
    Some(normalise_line_ends(text))
}

/// GB18030 is a superset of GBK and GB2312: reading any of them as
/// GB18030 gives the same text, and covers the characters GBK lacks.
fn legacy(guess: &'static Encoding) -> &'static Encoding {
    if guess == encoding_rs::GBK {
        GB18030
    } else {
        guess
    }
}

/// The encoding a file was read as, and what the publisher should know.
struct Detected {
    name: &'static str,
    note: Option<String>,
}

fn decode_bytes(bytes: &[u8]) -> Result<(String, Detected), String> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_len..]).map(|text| {
            let name = encoding.name();
            (text, Detected { name, note: None })
        });
    }
    // Counted only if there is one (a search for a byte, far quicker).
    let nuls = if bytes.contains(&0) {
        bytes.iter().filter(|&&b| b == 0).count()
    } else {
        0
    };
    if !bytes.is_empty() && nuls as f64 / bytes.len() as f64 > MAX_NUL_SHARE {
        return Err(format!(
            "cannot decode: {nuls} NUL bytes, this looks like a binary file (or UTF-16 without a byte-order mark)"
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((
            text.to_owned(),
            Detected {
                name: "UTF-8",
                note: None,
            },
        ));
    }
    if let Some((invalid, first_bad)) = repairable_utf8(bytes) {
        let (line, column) = line_col_of_byte(bytes, first_bad);
        let text = String::from_utf8_lossy(bytes).into_owned();
        let note = format!(
            "{invalid} byte sequence(s) are not valid UTF-8 (first at line {line}, column {column}); replaced with �"
        );
        return Ok((
            text,
            Detected {
                name: "UTF-8",
                note: Some(note),
            },
        ));
    }
    let guess = detect(bytes);
    let encoding = legacy(guess);
    let text = decode_with(encoding, bytes)?;
    let name = if guess == encoding_rs::GBK {
        "GBK"
    } else {
        encoding.name()
    };
    let note = format!("not UTF-8: read as {name}");
    Ok((
        text,
        Detected {
            name,
            note: Some(note),
        },
    ))
}

/// The legacy encoding chardetng guesses for `bytes`, from as much of them
/// as gives enough evidence.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let mut evidence = 0;
    let mut blocks = bytes.chunks(DETECTION_BLOCK).peekable();
    while let Some(block) = blocks.next() {
        let last = blocks.peek().is_none();
        detector.feed(block, last);
        evidence += block.iter().filter(|b| !b.is_ascii()).count();
        if evidence >= DETECTION_NON_ASCII {
            break;
        }
    }
    // The reports are Chinese: the `cn` domain tips close calls towards GBK.
    detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny)
}

/// Decodes without replacement: a byte sequence the encoding cannot map is
/// an error rather than a silent `�`.
fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, String> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(format!(
            "cannot decode as {}: invalid byte sequences",
            encoding.name()
        ));
    }
    Ok(text.into_owned())
}

/// Whether `bytes` are mostly UTF-8: valid multi-byte characters at least
/// [`UTF8_VALID_PER_INVALID`] times the invalid byte sequences (a byte
/// inserted into a character breaks one sequence, however many bytes it
/// strands). If so, the count of invalid sequences and the first invalid
/// byte. Stops as soon as the rest of the file could not make up the
/// difference, each valid character taking two bytes at least: a GBK
/// file is invalid sequences throughout, and need not be read to its end.
fn repairable_utf8(bytes: &[u8]) -> Option<(usize, usize)> {
    let (mut valid, mut invalid, mut first_bad) = (0, 0, usize::MAX);
    let mut offset = 0;
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            invalid += 1;
            first_bad = first_bad.min(offset);
            offset += chunk.invalid().len();
            let at_most = valid + (bytes.len() - offset) / 2;
            if at_most < invalid * UTF8_VALID_PER_INVALID {
                return None;
            }
        }
    }
    (valid >= invalid * UTF8_VALID_PER_INVALID).then_some((invalid, first_bad))
}

fn line_col_of_byte(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// CRLF and lone CR become LF; a BOM that survived inside the text (two files
/// pasted together) is dropped.
fn normalise_line_ends(text: String) -> String {
    // Most files have neither: they are kept as they are, not copied thrice.
    // (Two searches for one character each: a search for either of two
    // reads the text a character at a time.)
    if !text.contains('\r') && !text.contains('\u{feff}') {
        return text;
    }
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\u{feff}', "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceFormat;

    fn file() -> SourceFile {
        SourceFile {
            path: "r.txt".into(),
            rel_path: "r.txt".into(),
            format: SourceFormat::Text,
        }
    }

    const SAMPLE: &str =
        "关于2022年法治政府建设情况的报告\r\n一、主要举措和成效\r现将有关情况报告如下：";

    #[test]
    fn utf8_with_and_without_bom() {
        let (d, w) = decode(file(), SAMPLE.as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(w.is_empty());
        assert_eq!(d.text.lines().count(), 3);
        assert!(!d.text.contains('\r'));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        let (d2, _) = decode(file(), &bom).unwrap();
        assert_eq!(d2.text, d.text);
    }

    #[test]
    fn line_ends_and_inner_byte_order_marks() {
        let clean = "一、主要举措\n开展普法。\n".to_owned();
        assert_eq!(normalise_line_ends(clean.clone()), clean);
        assert_eq!(normalise_line_ends("甲\u{feff}乙\n".into()), "甲乙\n");
        assert_eq!(
            normalise_line_ends("甲\r\n乙\r丙\n\r".into()),
            "甲\n乙\n丙\n\n"
        );
    }

    #[test]
    fn gbk_and_gb18030_are_detected() {
        let (bytes, _, _) = GB18030.encode(SAMPLE);
        let (d, w) = decode(file(), &bytes).unwrap();
        assert_eq!(d.encoding, "GBK");
        assert!(d.text.starts_with("关于2022年"));
        assert_eq!(w.len(), 1, "re-encoding is reported");
        // A character outside GBK (𠀀, four bytes in GB18030).
        let (bytes, _, _) = GB18030.encode("关于法治政府建设情况的报告𠀀，现将有关情况报告如下");
        let (d, _) = decode(file(), &bytes).unwrap();
        assert!(d.text.contains('𠀀'));
    }

    #[test]
    fn detection_reads_past_an_ascii_opening() {
        let chinese = SAMPLE.repeat(200);
        // Front matter and a table longer than a detection block: no
        // evidence, so the detector reads on into the Chinese.
        let opening = "---\ntitle: x\n---\n".to_owned() + &"2022 | 12 | 34\n".repeat(600);
        assert!(opening.len() > 2 * DETECTION_BLOCK);
        let text = opening + &chinese;
        let (bytes, _, _) = GB18030.encode(&text);
        assert_eq!(detect(&bytes), encoding_rs::GBK);
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let units: Vec<u16> = SAMPLE.encode_utf16().collect();
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in units {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        let (d, _) = decode(file(), &le).unwrap();
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(d.text.starts_with("关于"));
        let (d, _) = decode(file(), &be).unwrap();
        assert_eq!(d.encoding, "UTF-16BE");
        assert!(d.text.starts_with("关于"));
    }

    #[test]
    fn mostly_utf8_is_told_from_gbk_wherever_the_broken_bytes_are() {
        let text = "法治政府建设年度报告".repeat(4).into_bytes();
        let at_start = [&[0xFF][..], &text].concat();
        assert_eq!(repairable_utf8(&at_start), Some((1, 0)));
        let at_end = [&text[..], &[0xFF]].concat();
        assert_eq!(repairable_utf8(&at_end), Some((1, text.len())));
        let long = "法治政府建设年度报告".repeat(40);
        let (gbk, _, _) = encoding_rs::GBK.encode(&long);
        assert_eq!(repairable_utf8(&gbk), None);
        // One valid character for five broken sequences: not enough.
        let mixed = ["法".as_bytes(), &[0xFF, b'a'].repeat(5)].concat();
        assert_eq!(repairable_utf8(&mixed), None);
    }

    #[test]
    fn a_few_broken_bytes_in_utf8_are_replaced_and_reported() {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes.insert(3, 0xFF);
        let (d, w) = decode(file(), &bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains('�'));
        assert!(
            w[0].message.contains("line 1, column 2"),
            "{}",
            w[0].message
        );
    }

    #[test]
    fn a_file_decoded_again_with_its_encoding_gives_the_same_text() {
        let (gbk, _, _) = GB18030.encode(SAMPLE);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(SAMPLE.encode_utf16().flat_map(u16::to_le_bytes));
        let mut broken = SAMPLE.as_bytes().to_vec();
        broken.insert(3, 0xFF);
        let big5 = encoding_rs::BIG5.encode(&SAMPLE.repeat(20)).0.into_owned();
        for bytes in [SAMPLE.as_bytes(), &gbk, &bom, &utf16, &broken, &big5] {
            let (d, _) = decode(file(), bytes).unwrap();
            assert_eq!(
                decode_known(bytes, d.encoding),
                Some(d.text),
                "{}",
                d.encoding
            );
        }
        assert_eq!(decode_known(b"\x81", "GBK"), None, "no longer GBK");
        assert_eq!(decode_known(b"a", "no such encoding"), None);
    }

    #[test]
    fn binary_is_an_error_naming_the_file() {
        let err = decode(file(), &[0, 1, 2, 0, 0, 0xFF, 0xFE, 0]).unwrap_err();
        assert_eq!(err.file, "r.txt");
        assert!(err.message.contains("binary"));
    }

    #[test]
    fn bom_in_the_middle_is_dropped() {
        let text = "甲\u{feff}乙";
        let (d, _) = decode(file(), text.as_bytes()).unwrap();
        assert_eq!(d.text, "甲乙");
    }
}
