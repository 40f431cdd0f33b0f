//! Test images built in memory: ordinary photos, a JPEG carrying GPS metadata, an image too
//! large to send, and a decompression bomb (a small PNG that would decode to hundreds of MB).

use image::{DynamicImage, ImageFormat, RgbImage};
use std::io::Cursor;

pub fn encode(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

/// A small striped photo.
pub fn photo(format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(48, 32, |x, y| {
        image::Rgb([(x * 5) as u8, (y * 7) as u8, 128])
    });
    encode(DynamicImage::ImageRgb8(img), format)
}

/// Noise does not compress: a real PNG of about 6 MB.
pub fn six_megabyte_png() -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let img = RgbImage::from_fn(1450, 1450, |_, _| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let b = state.to_le_bytes();
        image::Rgb([b[0], b[1], b[2]])
    });
    let png = encode(DynamicImage::ImageRgb8(img), ImageFormat::Png);
    assert!(png.len() > 6_000_000, "{}", png.len());
    png
}

/// The GPS position written into [`jpeg_with_gps`]: 55°45'21" N.
pub const GPS_MARK: &[u8] = &[0, 0, 0, 55, 0, 0, 0, 1, 0, 0, 0, 45, 0, 0, 0, 1];

/// A JPEG with an EXIF block (APP1) holding a GPS latitude, as phones write it.
pub fn jpeg_with_gps() -> Vec<u8> {
    let plain = photo(ImageFormat::Jpeg);
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0: one entry, GPSInfo (0x8825) → the GPS IFD at offset 26.
    tiff.extend([0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    // GPS IFD: GPSLatitudeRef "N", GPSLatitude → three rationals at offset 56.
    tiff.extend([0, 2]);
    tiff.extend([0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend([0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 56]);
    tiff.extend([0, 0, 0, 0]);
    tiff.extend(GPS_MARK);
    tiff.extend([0, 0, 0, 21, 0, 0, 0, 1]);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut out = plain[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((payload.len() + 2) as u16).to_be_bytes());
    out.extend(payload);
    out.extend(&plain[2..]);
    out
}

/// A valid grayscale PNG of `side`×`side` zero pixels whose data is one deflate block of
/// back-references: a few MB on the wire, `side`² bytes once decoded.
pub fn png_bomb(side: u32) -> Vec<u8> {
    png_of_zeros(side, side, Pixel::Gray8)
}

/// How the PNG's pixels are stored.
#[derive(Clone, Copy)]
pub enum Pixel {
    Gray8,
    /// 16 bits per channel, with alpha: 8 bytes a pixel.
    Rgba16,
}

/// A PNG of `width` × `height` zero pixels, compressed by hand (long back-references).
pub fn png_of_zeros(width: u32, height: u32, pixel: Pixel) -> Vec<u8> {
    let (depth, color, bytes) = match pixel {
        Pixel::Gray8 => (8u8, 0u8, 1u64),
        Pixel::Rgba16 => (16, 6, 8),
    };
    let raw_len = height as u64 * (width as u64 * bytes + 1);
    let mut bits = BitWriter::default();
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    bits.code(0b0011_0000, 8); // literal 0
    let mut left = raw_len - 1;
    while left >= 258 {
        bits.code(0b1100_0101, 8); // length 258
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.code(0b0011_0000, 8);
    }
    bits.code(0, 7); // end of block
    let mut zlib = vec![0x78, 0x01];
    zlib.extend(bits.finish());
    let adler = (((raw_len % 65_521) as u32) << 16) | 1;
    zlib.extend(adler.to_be_bytes());

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([depth, color, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend(kind);
    out.extend(data);
    let crc = crc32(&out[start..]);
    out.extend(crc.to_be_bytes());
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    /// Plain values go least significant bit first.
    fn put(&mut self, value: u32, len: u32) {
        self.acc |= (value as u64) << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Huffman codes go most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = code.reverse_bits() >> (32 - len);
        self.put(reversed, len);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

#[test]
fn the_bomb_is_a_real_png_that_inflates_far_beyond_its_size() {
    // Small enough to decode here: the decoder accepts the stream and finds every pixel.
    let small = png_bomb(300);
    let img = image::load_from_memory(&small).unwrap();
    assert_eq!((img.width(), img.height()), (300, 300));
    let big = png_bomb(16_000);
    assert!(big.len() < 2_000_000, "{}", big.len());
}
