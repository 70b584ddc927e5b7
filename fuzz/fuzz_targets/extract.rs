//! libFuzzer target: any bytes as up to three articles (split at NUL), read with front matter,
//! extracted with the default pack and checked. Must never panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| claimcheck_fuzz::extract_input(data));
