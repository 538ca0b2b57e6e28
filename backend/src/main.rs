use clap::Parser;

fn main() -> std::process::ExitCode {
    aqiqat_backend::cli::main(aqiqat_backend::config::Cli::parse())
}
