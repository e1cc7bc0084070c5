//! Any bytes as a report file (text and Markdown): decode, front matter,
//! parse, analyse. See `baogao::fuzz::parse_input`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    baogao::fuzz::parse_input(data);
});
