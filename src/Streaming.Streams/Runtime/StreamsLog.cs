using Microsoft.Extensions.Logging;

namespace Streaming.Streams.Runtime;

/// <summary>The runtime's log messages (event ids 3200–3299).</summary>
internal static partial class StreamsLog
{
    [LoggerMessage(3200, LogLevel.Information, "stream-client {ApplicationId} ({ProcessId}): state {From} -> {To}")]
    public static partial void StateTransition(ILogger logger, string applicationId, Guid processId, KafkaStreamsState from, KafkaStreamsState to);

    [LoggerMessage(3201, LogLevel.Information, "created internal topic {Topic} with {Partitions} partition(s)")]
    public static partial void InternalTopicCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(3202, LogLevel.Information, "{Thread}: assigned tasks [{Tasks}] in generation {Generation}")]
    public static partial void TasksAssigned(ILogger logger, string thread, string tasks, int generation);

    [LoggerMessage(3203, LogLevel.Information, "{Thread}: partitions revoked; committed and suspended tasks [{Tasks}]")]
    public static partial void TasksRevoked(ILogger logger, string thread, string tasks);

    [LoggerMessage(3204, LogLevel.Warning, "{Thread}: partitions lost (evicted from the group); closed tasks [{Tasks}] without committing")]
    public static partial void TasksLost(ILogger logger, string thread, string tasks);

    [LoggerMessage(3205, LogLevel.Information, "{Thread}: task {Task} restoring store {Store} from {Changelog} offsets {Start}..{End}")]
    public static partial void RestoreStarted(ILogger logger, string thread, string task, string store, TopicPartition changelog, long start, long end);

    [LoggerMessage(3206, LogLevel.Information, "{Thread}: task {Task} restored store {Store}: {Records} record(s) in {Elapsed} ms")]
    public static partial void RestoreCompleted(ILogger logger, string thread, string task, string store, long records, long elapsed);

    [LoggerMessage(3207, LogLevel.Information, "{Thread}: restoring: {Restored} of ~{Total} changelog record(s) so far")]
    public static partial void RestoreProgress(ILogger logger, string thread, long restored, long total);

    [LoggerMessage(3208, LogLevel.Warning, "task {Task}: skipped a record of {Topic}[{Partition}] at offset {Offset} that cannot be deserialized: {Reason}")]
    public static partial void DeserializationErrorSkipped(ILogger logger, string task, string topic, int partition, long offset, string reason);

    [LoggerMessage(3209, LogLevel.Warning, "dropped a record that could not be written to {Target}: {Reason}")]
    public static partial void ProductionErrorSkipped(ILogger logger, string target, string reason);

    [LoggerMessage(3210, LogLevel.Error, "{Thread}: failed")]
    public static partial void ThreadFailed(ILogger logger, string thread, Exception exception);

    [LoggerMessage(3211, LogLevel.Warning, "{Thread}: tasks migrated to another member ({Reason}); closing them without committing and rejoining")]
    public static partial void TaskMigrated(ILogger logger, string thread, string reason);

    [LoggerMessage(3212, LogLevel.Warning, "{Thread}: the exactly-once state of task {Task} has no checkpoint (not closed cleanly): wiping it and restoring from the changelog")]
    public static partial void WipingState(ILogger logger, string thread, string task);

    [LoggerMessage(3213, LogLevel.Error, "stream-client {ApplicationId}: the assignment asks every instance to shut down (a thread's uncaught-exception handler chose ShutdownApplication)")]
    public static partial void ShutdownRequested(ILogger logger, string applicationId);

    [LoggerMessage(3214, LogLevel.Information, "{Thread}: replaced by {Replacement} after an uncaught exception")]
    public static partial void ThreadReplaced(ILogger logger, string thread, string replacement);

    [LoggerMessage(3215, LogLevel.Debug, "{Thread}: committed {Tasks} task(s) in {Elapsed} ms")]
    public static partial void Committed(ILogger logger, string thread, int tasks, double elapsed);

    [LoggerMessage(3216, LogLevel.Warning, "{Thread}: the state directory of task {Task} is still locked (its previous owner has not released it); retrying")]
    public static partial void TaskDirectoryLocked(ILogger logger, string thread, string task);

    [LoggerMessage(3217, LogLevel.Warning, "{Thread}: the assignment reports source topics the leader could not see; their sub-topologies get no tasks until they exist")]
    public static partial void IncompleteSourceTopics(ILogger logger, string thread);

    [LoggerMessage(3218, LogLevel.Information, "global stores [{Stores}] restored: {Records} record(s) in {Elapsed} ms")]
    public static partial void GlobalRestored(ILogger logger, string stores, long records, long elapsed);

    [LoggerMessage(3219, LogLevel.Error, "the global stream thread failed; the instance shuts down")]
    public static partial void GlobalThreadFailed(ILogger logger, Exception exception);

    [LoggerMessage(3220, LogLevel.Warning, "{Thread}: purging committed records of repartition topics failed (the next purge retries): {Reason}")]
    public static partial void PurgeFailed(ILogger logger, string thread, string reason);

    [LoggerMessage(3221, LogLevel.Warning, "{Thread}: the checkpoint of task {Task} does not match its changelog ({Detail}): wiping the local state and restoring it")]
    public static partial void CheckpointOutOfRange(ILogger logger, string thread, string task, string detail);
}
