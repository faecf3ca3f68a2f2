namespace Streaming.Cli.Internal;

/// <summary>What the tool prints for an exception, and the exit code that goes with it.</summary>
internal static class ErrorReport
{
    public static (string Message, int ExitCode) Describe(Exception exception) => exception switch
    {
        CliException cli => (cli.Message, cli.ExitCode),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        GroupIdNotFoundException ex => (ex.Message, ExitCodes.BrokerFailure),
        UnknownTopicOrPartitionException ex => (ex.Message, ExitCodes.BrokerFailure),
        StreamingException ex => (ex.Message, ExitCodes.BrokerFailure),
        OperationCanceledException => ("interrupted", ExitCodes.BrokerFailure),
        IOException ex => (ex.Message, ExitCodes.BrokerFailure),
        _ => ($"{exception.GetType().Name}: {exception.Message}", ExitCodes.BrokerFailure),
    };
}
