//! The TSTInfo (RFC 3161 §2.4.2), read for what the checks use. x509-tsp's `TstInfo` decodes genTime
//! as der's `GeneralizedTime`, which refuses fractions of a second; RFC 3161 allows them
//! (`YYYYMMDDhhmmss[.s...]Z`) and TSAs that keep milliseconds send them.

use der::asn1::Int;
use der::{DateTime, Decode, DecodeValue, FixedTag, Header, Reader, Tag};
use x509_tsp::{Accuracy, MessageImprint, TsaPolicyId, TspVersion};

/// The fields of a TSTInfo the checks use; `tsa` and `extensions` are skipped.
pub(super) struct TstInfo {
    pub message_imprint: MessageImprint,
    pub serial_number: Int,
    /// Unix seconds; a fraction of a second is dropped.
    pub gen_time: i64,
    pub nonce: Option<Int>,
}

impl FixedTag for TstInfo {
    const TAG: Tag = Tag::Sequence;
}

impl<'a> DecodeValue<'a> for TstInfo {
    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> der::Result<Self> {
        reader.read_nested(header.length, |reader| {
            reader.decode::<TspVersion>()?;
            reader.decode::<TsaPolicyId>()?;
            let message_imprint = reader.decode()?;
            let serial_number = reader.decode()?;
            let gen_time = gen_time(reader)?;
            reader.decode::<Option<Accuracy>>()?;
            // ordering BOOLEAN DEFAULT FALSE
            reader.decode::<Option<bool>>()?;
            let nonce = reader.decode()?;
            reader.read_slice(reader.remaining_len())?;
            Ok(Self { message_imprint, serial_number, gen_time, nonce })
        })
    }
}

/// `GeneralizedTime` as `YYYYMMDDhhmmss` + optional `.` and digits + `Z`, in Unix seconds.
fn gen_time<'a, R: Reader<'a>>(reader: &mut R) -> der::Result<i64> {
    let header = Header::decode(reader)?;
    header.tag.assert_eq(Tag::GeneralizedTime)?;
    let bytes = reader.read_slice(header.length)?;
    let invalid = || Tag::GeneralizedTime.value_error();
    let (whole, rest) = bytes.split_at_checked(14).ok_or_else(invalid)?;
    let fraction_ok = match rest {
        [b'Z'] => true,
        [b'.', digits @ .., b'Z'] => !digits.is_empty() && digits.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    if !fraction_ok || !whole.iter().all(u8::is_ascii_digit) {
        return Err(invalid());
    }
    let number = |range: std::ops::Range<usize>| whole[range].iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    let [month, day, hour, minute, second] = [4..6, 6..8, 8..10, 10..12, 12..14].map(|range| number(range) as u8);
    let time = DateTime::new(number(0..4), month, day, hour, minute, second).map_err(|_| invalid())?;
    Ok(time.unix_duration().as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(time: &[u8]) -> der::Result<i64> {
        let mut der = vec![0x18, time.len() as u8];
        der.extend_from_slice(time);
        gen_time(&mut der::SliceReader::new(&der)?)
    }

    #[test]
    fn gen_time_may_carry_a_fraction_of_a_second() {
        assert_eq!(read(b"20240229123456Z"), Ok(1_709_210_096));
        assert_eq!(read(b"20240229123456.789Z"), Ok(1_709_210_096));
        assert_eq!(read(b"20240229123456.5Z"), Ok(1_709_210_096));
    }

    #[test]
    fn gen_time_is_refused_out_of_shape() {
        for time in
            [&b"20240229123456"[..], b"20240229123456.Z", b"2024022912345Z", b"20240229123456+0300", b"20240230123456Z"]
        {
            assert!(read(time).is_err(), "{}", String::from_utf8_lossy(time));
        }
    }
}
