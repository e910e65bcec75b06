fn main() -> std::process::ExitCode {
    wfsim::cli::main()
}
