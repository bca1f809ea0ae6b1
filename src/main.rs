//! The `hallcheck` binary: arguments in, the library does the rest.

fn main() -> std::process::ExitCode {
    hallcheck::cli::main()
}
