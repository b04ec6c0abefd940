//! clap -> logging -> the chosen command.

use clap::Parser;
use watchdesk::cli::{Cli, Command};
use watchdesk::commands;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let _log = watchdesk::logging::init(cli.log.clone());
    let result = match &cli.command {
        Command::Scan(args) => commands::scan::run(args),
        Command::Themes(args) => commands::themes::run(args),
        Command::Export(args) => commands::export::run(args, cli.state.clone()),
        Command::Watch(args) => commands::watch::run(args, cli.state.clone()),
        Command::Demo(args) => commands::demo::run(args, cli.state.clone()),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if commands::is_broken_pipe(&e) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("watchdesk: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
