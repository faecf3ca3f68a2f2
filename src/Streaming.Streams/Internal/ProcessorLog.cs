using Microsoft.Extensions.Logging;

namespace Streaming.Streams.Internal;

/// <summary>Log messages of DSL processors (event ids 3400–3419).</summary>
internal static partial class ProcessorLog
{
    [LoggerMessage(3400, LogLevel.Warning, "task {Task}: {Processor} skipped a record ({Reason}): topic={Topic} partition={Partition} offset={Offset}")]
    public static partial void RecordSkipped(ILogger logger, string task, string processor, string reason, string topic, int partition, long offset);
}
