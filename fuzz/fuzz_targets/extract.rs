//! libFuzzer target: any bytes as up to three articles (split at NUL), read with front matter,
//! extracted with the default pack and checked. Must never panic.
#![no_main]
// The default pack is compiled once before fuzzing starts: under instrumentation that takes
// longer than `-timeout`, and inside the first input it was reported as a hang.
libfuzzer_sys::fuzz_target!(init: claimcheck_fuzz::warm_up(), |data: &[u8]| claimcheck_fuzz::extract_input(data));
