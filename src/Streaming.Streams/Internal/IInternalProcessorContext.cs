namespace Streaming.Streams.Internal;

/// <summary>What DSL processors reach beyond the public context: the task (to count and log skipped records) and their node's name.</summary>
internal interface IInternalProcessorContext
{
    StreamTask Task { get; }

    string NodeName { get; }
}

internal static class ProcessingContextExtensions
{
    /// <summary>Counts and logs a skipped record when <paramref name="context"/> belongs to a task.</summary>
    public static void DropRecord(this Processor.IProcessingContext context, string reason)
    {
        if (context is IInternalProcessorContext c) c.Task.DropRecord(c.NodeName, reason);
    }
}
