using Microsoft.Extensions.Logging;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Internal;

/// <summary>Logs and counts the records DSL processors drop (event ids 3300–3319), so that none is dropped silently.</summary>
internal static partial class DroppedRecords
{
    /// <summary>A record too late for its window (stream time passed the window's end plus its grace).</summary>
    public static void ExpiredWindow(IProcessingContext context, string processor, long timestamp, long windowStart, long windowEnd, long closeTime, long streamTime)
    {
        if (context is not ITaskContext { Task: { } task }) return;
        task.CountDroppedRecord();
        ExpiredWindowLog(task.Logger, processor, task.TaskId, context.RecordMetadata?.Topic, context.RecordMetadata?.Offset ?? -1, timestamp, windowStart, windowEnd,
            closeTime, streamTime);
    }

    /// <summary>A record a stateful operator cannot use: a null key (or value).</summary>
    public static void NullKeyOrValue(IProcessingContext context, string processor)
    {
        if (context is not ITaskContext { Task: { } task }) return;
        task.CountDroppedRecord();
        NullKeyOrValueLog(task.Logger, processor, task.TaskId, context.RecordMetadata?.Topic, context.RecordMetadata?.Offset ?? -1);
    }

    /// <summary>A window-store write for a window already past the store's retention.</summary>
    public static void ExpiredSegment(StreamTask task, string store, long time, long minLiveTime)
    {
        task.CountDroppedRecord();
        ExpiredSegmentLog(task.Logger, store, task.TaskId, time, minLiveTime);
    }

    [LoggerMessage(3300, LogLevel.Warning, "{Processor} (task {Task}): skipping record for expired window: topic={Topic} offset={Offset} timestamp={Timestamp} " +
        "window=[{WindowStart},{WindowEnd}] expiration={CloseTime} streamTime={StreamTime}")]
    private static partial void ExpiredWindowLog(ILogger logger, string processor, string task, string? topic, long offset, long timestamp, long windowStart,
        long windowEnd, long closeTime, long streamTime);

    [LoggerMessage(3301, LogLevel.Warning, "{Processor} (task {Task}): skipping record due to null key or value: topic={Topic} offset={Offset}")]
    private static partial void NullKeyOrValueLog(ILogger logger, string processor, string task, string? topic, long offset);

    [LoggerMessage(3302, LogLevel.Warning, "store {Store} (task {Task}): skipping write for expired window at {Time} (retention keeps {MinLiveTime} and later)")]
    private static partial void ExpiredSegmentLog(ILogger logger, string store, string task, long time, long minLiveTime);
}
