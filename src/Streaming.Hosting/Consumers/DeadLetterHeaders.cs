namespace Streaming.Hosting;

/// <summary>The headers a dead-lettered record carries on top of its original ones.</summary>
public static class DeadLetterHeaders
{
    /// <summary>The topic the record was consumed from.</summary>
    public const string Topic = "streaming.dlq.original.topic";

    /// <summary>Its partition (decimal).</summary>
    public const string Partition = "streaming.dlq.original.partition";

    /// <summary>Its offset (decimal).</summary>
    public const string Offset = "streaming.dlq.original.offset";

    /// <summary>The consumer group that gave up on it.</summary>
    public const string GroupId = "streaming.dlq.group.id";

    /// <summary>The full name of the last exception's type.</summary>
    public const string ExceptionType = "streaming.dlq.exception.type";

    /// <summary>The last exception's message.</summary>
    public const string ExceptionMessage = "streaming.dlq.exception.message";

    /// <summary>The last exception's stack trace.</summary>
    public const string ExceptionStackTrace = "streaming.dlq.exception.stacktrace";

    /// <summary>How many attempts were made (decimal).</summary>
    public const string Attempts = "streaming.dlq.attempts";
}
