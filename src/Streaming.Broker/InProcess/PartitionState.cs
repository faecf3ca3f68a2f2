using Streaming.Broker.Log;

namespace Streaming.Broker.InProcess;

/// <summary>A consumer's view of one assigned partition: its log, position and pause flag.</summary>
internal sealed class PartitionState(TopicPartition topicPartition, PartitionLog log, long position)
{
    public const long Unresolved = -1;

    public TopicPartition TopicPartition { get; } = topicPartition;

    public PartitionLog Log { get; } = log;

    /// <summary>The next offset to hand out, or <see cref="Unresolved"/> until <c>auto.offset.reset</c> has placed it.</summary>
    public long Position { get; set; } = position;

    public bool Paused { get; set; }

    /// <summary>True once a record of this partition was handed to the application since it was assigned.</summary>
    public bool HandedOut { get; set; }

    /// <summary>True once the end-of-partition event was given for the current position.</summary>
    public bool EofReported { get; set; }
}
