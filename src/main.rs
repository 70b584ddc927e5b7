use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(claimcheck::cli::main())
}
