//! An uploaded photo: format sniffing, decoding under the pixel and memory limits, EXIF
//! orientation, CLIP resizing and normalisation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dalil::fuzzing::photo(data);
});
