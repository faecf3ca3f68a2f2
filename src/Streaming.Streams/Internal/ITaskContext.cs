namespace Streaming.Streams.Internal;

/// <summary>A processor context that can name its task (DSL processors use it to count and log the records they drop).</summary>
internal interface ITaskContext
{
    StreamTask Task { get; }
}
