//! Any bytes as a report file, then the whole site of that report rendered
//! and checked for markup a template did not write. Slower than `parse`.
//! See `baogao::fuzz::render_input`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    baogao::fuzz::render_input(data);
});
