namespace Streaming.Hosting;

/// <summary>What a hosted consumer keeps in order while it handles records in parallel.</summary>
public enum ProcessingOrder
{
    /// <summary>One record at a time per partition, in offset order; partitions in parallel. The default.</summary>
    PerPartition = 0,

    /// <summary>One record at a time per key (hash of the key bytes) within a partition; keys in parallel.</summary>
    PerKey = 1,
}
