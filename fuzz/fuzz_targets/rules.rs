//! libFuzzer target: any bytes as a rule file, checked beside the default fragments and
//! dictionaries; then its rule examples are run. Must never panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| claimcheck_fuzz::rules_input(data));
