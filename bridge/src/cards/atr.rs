//! Just enough of ISO/IEC 7816-3 §8.2 to find an ATR's historical bytes, where card makers put
//! their name and version. Searching the whole ATR instead would also hit interface bytes that
//! happen to spell the same thing.

/// The historical bytes of `atr`, or `None` when the ATR is malformed: too short for the
/// interface bytes its T0/TDi announce or for its K historical bytes, a missing TCK, or bytes
/// left over after it.
pub fn historical_bytes(atr: &[u8]) -> Option<&[u8]> {
    let &format = atr.get(1)?;
    let count = usize::from(format & 0x0F);
    // T0 and every TDi say which of TA, TB, TC, TD follow in their high nibble (bits 5..8).
    let mut indicator = format;
    let mut next = 2;
    let mut only_t0 = true;
    loop {
        let present = (indicator >> 4).count_ones() as usize;
        let has_td = indicator & 0x80 != 0;
        next += present;
        if !has_td {
            break;
        }
        // TDi is the last interface byte of its group; its low nibble is a protocol T.
        indicator = *atr.get(next - 1)?;
        only_t0 &= indicator & 0x0F == 0;
    }
    let historical = atr.get(next..next + count)?;
    // TCK follows unless only T=0 is offered (§8.2.5). Its value is not checked: the reader
    // already accepted the ATR as it came.
    let expected_len = next + count + usize::from(!only_t0);
    (atr.len() == expected_len).then_some(historical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards::tests::bytes;

    #[test]
    fn finds_the_historical_bytes_after_the_interface_bytes() {
        // TA1 TD1 | TD2 (T=1) | TA3 TB3, then 15 historical bytes and TCK.
        let akis = bytes("3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 93 31 80 73 B3 A1 80 6B");
        assert_eq!(historical_bytes(&akis), Some(&akis[7..22]));
        // TA1 TB1 TD1 | TD2 | TA3 TB3: AKİS v1.0's 0x4D is TB3, not the first historical byte.
        let v1 = bytes("3B BA 11 00 81 31 FE 4D 55 45 4B 41 45 20 56 31 2E 30 AE");
        assert_eq!(historical_bytes(&v1), Some(&b"UEKAE V1.0"[..]));
    }

    #[test]
    fn t0_only_atrs_have_no_tck() {
        // T0 = 0x65: TB1 TC1, five historical bytes, no TD so T=0 only and no TCK.
        let atr = bytes("3B 65 00 00 9C 11 01 01 03");
        assert_eq!(historical_bytes(&atr), Some(&atr[4..]));
        assert_eq!(historical_bytes(&bytes("3B 65 00 00 9C 11 01 01 03 42")), None, "a byte after the last");
    }

    #[test]
    fn malformed_atrs_have_none() {
        assert_eq!(historical_bytes(&[]), None);
        assert_eq!(historical_bytes(&[0x3B]), None);
        // T0 announces TD1, which is missing.
        assert_eq!(historical_bytes(&bytes("3B 80")), None);
        // Historical bytes cut short, and a T=1 ATR without its TCK.
        assert_eq!(historical_bytes(&bytes("3B 9F 96 81 31 FE 45 80 67 55 45")), None);
        assert_eq!(historical_bytes(&bytes("3B 9F 96 81 31 FE 45 80 67 55 45 4B 41 45 12 93 31 80 73 B3 A1 80")), None);
        // A TD chain that never ends within the ATR.
        assert_eq!(historical_bytes(&[0x3B, 0x80, 0x80, 0x80, 0x80]), None);
    }
}
