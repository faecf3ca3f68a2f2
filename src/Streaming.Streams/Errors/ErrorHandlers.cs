namespace Streaming.Streams;

/// <summary>What an error handler decides.</summary>
public enum ErrorHandlerResponse
{
    /// <summary>Skip the record (it is counted in the <c>dropped-records</c> metric and logged) and go on.</summary>
    Continue,

    /// <summary>Stop: the stream thread fails with a <see cref="StreamsException"/> and the uncaught-exception handler decides what follows.</summary>
    Fail,
}

/// <summary>Where a record that failed came from.</summary>
/// <param name="TaskId">The task processing it (<c>&lt;sub-topology&gt;_&lt;partition&gt;</c>).</param>
/// <param name="Topic">The topic the record was read from, or written to for a production error.</param>
/// <param name="Partition">Its partition (-1 when the producer had not chosen one).</param>
/// <param name="Offset">Its offset (-1 for a record that was being written).</param>
public sealed record ErrorHandlerContext(string TaskId, string Topic, int Partition, long Offset);

/// <summary><c>default.deserialization.exception.handler</c>: decides about a record a source cannot deserialize.</summary>
public interface IDeserializationExceptionHandler
{
    ErrorHandlerResponse Handle(ErrorHandlerContext context, Exception exception);
}

/// <summary><c>default.production.exception.handler</c>: decides about a record the producer could not write.</summary>
public interface IProductionExceptionHandler
{
    ErrorHandlerResponse Handle(ErrorHandlerContext context, Exception exception);
}

/// <summary>The built-in deserialization handlers (Kafka Streams' <c>LogAndFailExceptionHandler</c> / <c>LogAndContinueExceptionHandler</c>).</summary>
public static class DeserializationExceptionHandlers
{
    /// <summary>Fails the stream thread (the default): a poison record stops processing rather than being silently skipped.</summary>
    public static IDeserializationExceptionHandler LogAndFail { get; } = new Fixed(ErrorHandlerResponse.Fail);

    /// <summary>Skips the record; it is logged and counted in the <c>dropped-records</c> metric.</summary>
    public static IDeserializationExceptionHandler LogAndContinue { get; } = new Fixed(ErrorHandlerResponse.Continue);

    private sealed class Fixed(ErrorHandlerResponse response) : IDeserializationExceptionHandler
    {
        public ErrorHandlerResponse Handle(ErrorHandlerContext context, Exception exception) => response;

        public override string ToString() => response == ErrorHandlerResponse.Fail ? "LogAndFail" : "LogAndContinue";
    }
}

/// <summary>The built-in production handlers.</summary>
public static class ProductionExceptionHandlers
{
    /// <summary>Fails the stream thread (the default).</summary>
    public static IProductionExceptionHandler Fail { get; } = new Fixed(ErrorHandlerResponse.Fail);

    /// <summary>
    /// Drops the record that could not be written and goes on (a record too large, say). Under <c>exactly_once_v2</c> a failed
    /// send aborts the transaction whatever the handler says, because the transaction can no longer commit.
    /// </summary>
    public static IProductionExceptionHandler Continue { get; } = new Fixed(ErrorHandlerResponse.Continue);

    private sealed class Fixed(ErrorHandlerResponse response) : IProductionExceptionHandler
    {
        public ErrorHandlerResponse Handle(ErrorHandlerContext context, Exception exception) => response;

        public override string ToString() => response == ErrorHandlerResponse.Fail ? "Fail" : "Continue";
    }
}

/// <summary>What the application does when a stream thread dies of an exception (<c>StreamsUncaughtExceptionHandler</c>).</summary>
public enum StreamThreadExceptionResponse
{
    /// <summary>Starts a new thread in place of the dead one; its tasks move to it after a rebalance.</summary>
    ReplaceThread,

    /// <summary>Closes this instance (the default); the others take over its tasks.</summary>
    ShutdownClient,

    /// <summary>Closes every instance of the application: the request travels to all members through the group's assignment.</summary>
    ShutdownApplication,
}
