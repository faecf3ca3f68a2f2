namespace Streaming.Streams.Internal;

internal enum NodeKind
{
    Source,
    Processor,
    Sink,
}
