// The `streaming` command-line tool: see CliApp for the commands.
return Streaming.Cli.CliApp.Run(args);
