namespace Streaming.Broker.Log;

/// <summary>What a log cleaner pass did: partitions cleaned, segments rewritten, records and bytes removed.</summary>
internal readonly record struct CleaningResult(int PartitionsCleaned, int SegmentsRewritten, long RecordsRemoved, long BytesRemoved)
{
    public static CleaningResult operator +(CleaningResult a, CleaningResult b)
        => new(a.PartitionsCleaned + b.PartitionsCleaned, a.SegmentsRewritten + b.SegmentsRewritten, a.RecordsRemoved + b.RecordsRemoved, a.BytesRemoved + b.BytesRemoved);
}
