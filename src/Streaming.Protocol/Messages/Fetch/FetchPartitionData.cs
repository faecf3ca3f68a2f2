namespace Streaming.Protocol.Messages;

/// <summary>
/// A partition's data in a Fetch response (the spec's PartitionData). Tagged (v12+): 0 DivergingEpoch, 1 CurrentLeader,
/// 2 SnapshotId.
/// </summary>
public sealed class FetchPartitionData : IProtocolStruct<FetchPartitionData>
{
    private const string Message = nameof(FetchResponse);

    public int PartitionIndex { get; set; }

    public short ErrorCode { get; set; }

    public long HighWatermark { get; set; }

    /// <summary>v4+, ignorable, default -1.</summary>
    public long LastStableOffset { get; set; } = -1;

    /// <summary>v5+, ignorable, default -1.</summary>
    public long LogStartOffset { get; set; } = -1;

    /// <summary>Tag 0 (v12+), not ignorable; null (or -1/-1) when absent.</summary>
    public EpochEndOffset? DivergingEpoch { get; set; }

    /// <summary>Tag 1 (v12+), not ignorable; null (or -1/-1) when absent.</summary>
    public LeaderIdAndEpoch? CurrentLeader { get; set; }

    /// <summary>Tag 2 (v12+), not ignorable; null (or -1/-1) when absent.</summary>
    public SnapshotId? SnapshotId { get; set; }

    /// <summary>v4+, nullable, ignorable; null when the fetch is read_uncommitted.</summary>
    public List<AbortedTransaction>? AbortedTransactions { get; set; }

    /// <summary>v11+, not ignorable, default -1.</summary>
    public int PreferredReadReplica { get; set; } = -1;

    /// <summary>RecordBatch bytes (a slice of the response buffer when decoded); nullable.</summary>
    public ReadOnlyMemory<byte>? Records { get; set; }

    /// <summary>
    /// For writing only: when set, the partition's records are these buffers back to back (e.g. batches read from
    /// several log segments) and <see cref="Records"/> is ignored. Never set by decoding.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? RecordsChunks { get; set; }

    public static FetchPartitionData Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 12;
        var partition = new FetchPartitionData
        {
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            HighWatermark = reader.ReadInt64(nameof(HighWatermark)),
            LastStableOffset = reader.ReadInt64(nameof(LastStableOffset)),
        };
        if (version >= 5) partition.LogStartOffset = reader.ReadInt64(nameof(LogStartOffset));
        partition.AbortedTransactions = reader.ReadNullableArray<AbortedTransaction>(flexible, version, nameof(AbortedTransactions), 16);
        if (version >= 11) partition.PreferredReadReplica = reader.ReadInt32(nameof(PreferredReadReplica));
        partition.Records = reader.ReadRecords(flexible, nameof(Records));
        if (flexible)
        {
            TaggedFieldCursor tags = reader.BeginTaggedFields();
            while (reader.NextTaggedField(ref tags, out int tag))
            {
                switch (tag)
                {
                    case 0: partition.DivergingEpoch = EpochEndOffset.Read(ref reader, version); break;
                    case 1: partition.CurrentLeader = LeaderIdAndEpoch.Read(ref reader, version); break;
                    case 2: partition.SnapshotId = SnapshotId.Read(ref reader, version); break;
                    default: reader.SkipTaggedField(ref tags); break;
                }
            }
        }

        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 12;
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt16(ErrorCode);
        writer.WriteInt64(HighWatermark);
        writer.WriteInt64(LastStableOffset);
        if (version >= 5) writer.WriteInt64(LogStartOffset);
        writer.WriteNullableArray(AbortedTransactions, flexible, version);
        if (version >= 11) writer.WriteInt32(PreferredReadReplica);
        else VersionGuard.RequireDefault(PreferredReadReplica == -1, Message, nameof(PreferredReadReplica), version);
        if (RecordsChunks is { } chunks) writer.WriteRecords(chunks, flexible);
        else writer.WriteRecords(Records, flexible);

        bool diverging = DivergingEpoch is { IsDefault: false };
        bool leader = CurrentLeader is { IsDefault: false };
        bool snapshot = SnapshotId is { IsDefault: false };
        if (!flexible)
        {
            VersionGuard.RequireDefault(!diverging, Message, nameof(DivergingEpoch), version);
            VersionGuard.RequireDefault(!leader, Message, nameof(CurrentLeader), version);
            VersionGuard.RequireDefault(!snapshot, Message, nameof(SnapshotId), version);
            return;
        }

        writer.WriteUnsignedVarint((uint)((diverging ? 1 : 0) + (leader ? 1 : 0) + (snapshot ? 1 : 0)));
        if (diverging) writer.WriteTaggedStruct(0, DivergingEpoch!, version);
        if (leader) writer.WriteTaggedStruct(1, CurrentLeader!, version);
        if (snapshot) writer.WriteTaggedStruct(2, SnapshotId!, version);
    }
}

/// <summary>An aborted transaction in a Fetch response (v4+).</summary>
public sealed class AbortedTransaction : IProtocolStruct<AbortedTransaction>
{
    public long ProducerId { get; set; }

    public long FirstOffset { get; set; }

    public static AbortedTransaction Read(ref ProtocolReader reader, short version)
    {
        var aborted = new AbortedTransaction
        {
            ProducerId = reader.ReadInt64(nameof(ProducerId)),
            FirstOffset = reader.ReadInt64(nameof(FirstOffset)),
        };
        if (version >= 12) reader.SkipTaggedFields();
        return aborted;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt64(ProducerId);
        writer.WriteInt64(FirstOffset);
        if (version >= 12) writer.WriteEmptyTaggedFields();
    }
}
