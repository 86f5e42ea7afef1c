//! The compact text encodings of the index files, decoded by `search.js`.
//!
//! Everything is written with a 64-character alphabet that needs no escaping inside a
//! JavaScript string: `0-9a-zA-Z-_`.
//!
//! - A number is a variable-length group of 5-bit digits, most significant first: every
//!   digit but the last is written with `alphabet[32 + d]`, the last with `alphabet[d]`.
//! - A set of document ids is written either as `d` and the gaps between sorted ids
//!   (the first gap counted from -1), or as `b` and a bitset, six documents a character,
//!   whichever is shorter.

/// The 64 characters of every encoded value.
pub const ALPHABET: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends `n` as a variable-length number.
pub fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    let mut v = n;
    loop {
        digits[len] = (v & 31) as u8;
        len += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let d = digits[i] as usize;
        out.push(ALPHABET[if i == 0 { d } else { 32 + d }] as char);
    }
}

/// Appends one character for a value below 64.
pub fn push_digit(out: &mut String, d: u8) {
    out.push(ALPHABET[(d & 63) as usize] as char);
}

/// A set of document ids (sorted, distinct) in the shorter of the two encodings.
pub fn doc_set(ids: &[u32], docs: u32) -> String {
    let mut gaps = String::from("d");
    let mut prev: i64 = -1;
    for &id in ids {
        push_number(&mut gaps, (i64::from(id) - prev - 1) as u32);
        prev = i64::from(id);
    }
    let bitset_len = 1 + (docs as usize).div_ceil(6);
    if gaps.len() <= bitset_len {
        return gaps;
    }
    let mut bits = vec![0u8; (docs as usize).div_ceil(6)];
    for &id in ids {
        bits[id as usize / 6] |= 1 << (id % 6);
    }
    let mut out = String::with_capacity(bitset_len);
    out.push('b');
    for b in bits {
        push_digit(&mut out, b);
    }
    out
}

/// Reads numbers written by [`push_number`] (for tests and tools).
pub fn read_numbers(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    for c in s.bytes() {
        let d = ALPHABET.iter().position(|&a| a == c)? as u32;
        if d >= 32 {
            acc = (acc << 5) | (d - 32);
        } else {
            out.push((acc << 5) | d);
            acc = 0;
        }
    }
    Some(out)
}

/// Reads a document set written by [`doc_set`] (for tests and tools).
pub fn read_doc_set(s: &str) -> Option<Vec<u32>> {
    let (kind, rest) = s.split_at_checked(1)?;
    match kind {
        "d" => {
            let mut prev: i64 = -1;
            Some(
                read_numbers(rest)?
                    .into_iter()
                    .map(|g| {
                        prev += i64::from(g) + 1;
                        prev as u32
                    })
                    .collect(),
            )
        }
        "b" => {
            let mut out = Vec::new();
            for (i, c) in rest.bytes().enumerate() {
                let d = ALPHABET.iter().position(|&a| a == c)?;
                for bit in 0..6 {
                    if d & (1 << bit) != 0 {
                        out.push((i * 6 + bit) as u32);
                    }
                }
            }
            Some(out)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_small_ones_take_one_character() {
        let values = [0, 1, 31, 32, 1023, 1024, 99_999, u32::MAX];
        let mut s = String::new();
        for v in values {
            push_number(&mut s, v);
        }
        assert_eq!(read_numbers(&s).unwrap(), values);
        let mut one = String::new();
        push_number(&mut one, 31);
        assert_eq!(one, "v");
        let mut two = String::new();
        push_number(&mut two, 32);
        assert_eq!(two.len(), 2);
    }

    #[test]
    fn sparse_sets_are_gaps_and_dense_sets_are_bits() {
        let sparse = doc_set(&[3, 900, 9000], 10_000);
        assert!(sparse.starts_with('d'), "{sparse}");
        assert_eq!(read_doc_set(&sparse).unwrap(), [3, 900, 9000]);
        let dense: Vec<u32> = (0..10_000).filter(|i| i % 3 != 0).collect();
        let enc = doc_set(&dense, 10_000);
        assert!(enc.starts_with('b'));
        assert_eq!(enc.len(), 1 + 10_000usize.div_ceil(6));
        assert_eq!(read_doc_set(&enc).unwrap(), dense);
    }

    #[test]
    fn only_safe_characters_are_written() {
        let s = doc_set(&(0..500).map(|i| i * 37).collect::<Vec<_>>(), 20_000);
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }
}
