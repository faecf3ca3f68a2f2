namespace Streaming.Cli.Internal;

/// <summary>The tool's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The broker could not be reached or refused the request (unknown topic or group, invalid partitions, …).</summary>
    public const int BrokerFailure = 1;

    /// <summary>The arguments were wrong: an unknown option, a missing or malformed value.</summary>
    public const int BadArguments = 2;
}
