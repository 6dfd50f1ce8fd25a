//! Which processor a PKCS#11 module was built for, read from its file header (ELF `e_machine`, PE
//! `Machine`), so `doctor` can say "this is a 32-bit driver" instead of the loader's cryptic refusal.
//! A 64-bit host cannot load a 32-bit AKİS driver, the usual mistake on Windows.

use std::io::Read;
use std::path::Path;

/// A processor family as far as loading a library is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Architecture {
    X86,
    X86_64,
    Arm,
    Aarch64,
}

impl Architecture {
    /// The one this host was built for; `None` on others (no check is made there).
    pub fn host() -> Option<Architecture> {
        match std::env::consts::ARCH {
            "x86" => Some(Architecture::X86),
            "x86_64" => Some(Architecture::X86_64),
            "arm" => Some(Architecture::Arm),
            "aarch64" => Some(Architecture::Aarch64),
            _ => None,
        }
    }

    /// How `doctor` names it.
    pub fn label(self) -> &'static str {
        match self {
            Architecture::X86 => "32 bit x86",
            Architecture::X86_64 => "64 bit x86 (x64)",
            Architecture::Arm => "32 bit ARM",
            Architecture::Aarch64 => "64 bit ARM",
        }
    }
}

/// The architecture in an ELF or PE header; `None` for anything else (Mach-O, text, truncated).
pub fn of_header(header: &[u8]) -> Option<Architecture> {
    let u16_at = |at: usize| header.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    if header.starts_with(b"\x7fELF") {
        // EI_DATA 1: little-endian, what every architecture here uses.
        if header.get(5) != Some(&1) {
            return None;
        }
        return match u16_at(18)? {
            0x03 => Some(Architecture::X86),
            0x3e => Some(Architecture::X86_64),
            0x28 => Some(Architecture::Arm),
            0xb7 => Some(Architecture::Aarch64),
            _ => None,
        };
    }
    if header.starts_with(b"MZ") {
        let pe = u32::from_le_bytes(header.get(0x3c..0x40)?.try_into().ok()?) as usize;
        if header.get(pe..pe + 4)? != b"PE\0\0" {
            return None;
        }
        return match u16_at(pe + 4)? {
            0x014c => Some(Architecture::X86),
            0x8664 => Some(Architecture::X86_64),
            0x01c4 => Some(Architecture::Arm),
            0xaa64 => Some(Architecture::Aarch64),
            _ => None,
        };
    }
    None
}

/// The architecture of the library at `path`, from its first 4 KB.
pub fn of_file(path: &Path) -> Option<Architecture> {
    let mut header = Vec::with_capacity(4096);
    std::fs::File::open(path).ok()?.take(4096).read_to_end(&mut header).ok()?;
    of_header(&header)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elf(machine: u16) -> Vec<u8> {
        let mut header = vec![0u8; 64];
        header[..4].copy_from_slice(b"\x7fELF");
        header[4] = 2;
        header[5] = 1;
        header[18..20].copy_from_slice(&machine.to_le_bytes());
        header
    }

    fn pe(machine: u16) -> Vec<u8> {
        let mut header = vec![0u8; 0x100];
        header[..2].copy_from_slice(b"MZ");
        header[0x3c..0x40].copy_from_slice(&0x80u32.to_le_bytes());
        header[0x80..0x84].copy_from_slice(b"PE\0\0");
        header[0x84..0x86].copy_from_slice(&machine.to_le_bytes());
        header
    }

    #[test]
    fn reads_elf_and_pe_machines() {
        assert_eq!(of_header(&elf(0x3e)), Some(Architecture::X86_64));
        assert_eq!(of_header(&elf(0x03)), Some(Architecture::X86));
        assert_eq!(of_header(&elf(0xb7)), Some(Architecture::Aarch64));
        assert_eq!(of_header(&pe(0x8664)), Some(Architecture::X86_64));
        assert_eq!(of_header(&pe(0x014c)), Some(Architecture::X86));
        assert_eq!(of_header(&pe(0xaa64)), Some(Architecture::Aarch64));
    }

    #[test]
    fn anything_else_is_unknown() {
        assert_eq!(of_header(b"not a library"), None);
        assert_eq!(of_header(&elf(0x3e)[..10]), None, "truncated");
        assert_eq!(of_header(&pe(0x8664)[..0x50]), None, "PE header cut off");
        let mut big_endian = elf(0x3e);
        big_endian[5] = 2;
        assert_eq!(of_header(&big_endian), None);
    }

    #[test]
    fn this_test_binary_is_of_the_host_architecture() {
        let me = std::env::current_exe().unwrap();
        assert_eq!(of_file(&me), Architecture::host());
    }
}
