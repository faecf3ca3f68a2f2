namespace Streaming.Streams;

/// <summary>Where a task of this instance stands.</summary>
public enum TaskState
{
    /// <summary>Replaying its stores' changelogs; its input partitions are paused.</summary>
    Restoring,

    /// <summary>Processing.</summary>
    Running,

    /// <summary>Committed and waiting for the rebalance under way to say whether it stays.</summary>
    Suspended,
}

/// <summary>A task of this instance: its id, input partitions and state.</summary>
public sealed record TaskMetadata(TaskId Id, IReadOnlyList<TopicPartition> Partitions, TaskState State);

/// <summary>The approximate number of entries of one store of one task.</summary>
public sealed record StoreSize(TaskId Task, string Store, long Entries);

/// <summary>A stream thread of this instance.</summary>
public sealed record ThreadMetadata(string Name, string State, IReadOnlyList<TaskMetadata> Tasks);
