namespace Streaming.Cli.Internal;

/// <summary>A failure the tool reports with its message alone and ends with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>Bad arguments (exit code 2) that the parser could not catch on its own.</summary>
    public static CliException Usage(string message) => new(message, ExitCodes.BadArguments);

    /// <summary>A failure at the broker (exit code 1).</summary>
    public static CliException Broker(string message, Exception? inner = null) => new(message, ExitCodes.BrokerFailure, inner);
}
