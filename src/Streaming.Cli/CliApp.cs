using System.CommandLine;
using Streaming.Cli.Commands;
using Streaming.Cli.Internal;

namespace Streaming.Cli;

/// <summary>The `streaming` tool: builds the command tree, runs the chosen command and turns failures into exit codes.</summary>
internal static class CliApp
{
    public static RootCommand CreateRoot() => new("streaming: the embedded broker as a server, and Kafka-style tools for any Kafka-protocol broker")
    {
        BrokerCommand.Create(),
        TopicsCommand.Create(),
        ProduceCommand.Create(),
        ConsumeCommand.Create(),
        GroupsCommand.Create(),
        PerfCommand.Create(),
    };

    /// <summary>Parses and runs; 0 on success, 1 on a failure at the broker, 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        var parse = CreateRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("Run 'streaming --help' (or 'streaming COMMAND --help') for usage.");
            return ExitCodes.BadArguments;
        }
        using var shutdown = new ShutdownSignal();
        try
        {
            // Ctrl+C and SIGTERM are ours (ShutdownSignal): commands stop, commit and exit 0 rather than being cut off.
            var config = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
            return parse.InvokeAsync(config, shutdown.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            var (message, code) = ErrorReport.Describe(ex);
            Console.Out.Flush();
            Console.Error.WriteLine($"error: {message}");
            return code;
        }
    }
}
