namespace Streaming.Protocol.Messages;

/// <summary>A partition's result in a Produce response.</summary>
public sealed class PartitionProduceResponse : IProtocolStruct<PartitionProduceResponse>
{
    private const string Message = nameof(ProduceResponse);

    public int Index { get; set; }

    public short ErrorCode { get; set; }

    public long BaseOffset { get; set; }

    /// <summary>v2+, ignorable, default -1 (CreateTime topics).</summary>
    public long LogAppendTimeMs { get; set; } = -1;

    /// <summary>v5+, ignorable, default -1.</summary>
    public long LogStartOffset { get; set; } = -1;

    /// <summary>v8+, ignorable.</summary>
    public List<BatchIndexAndErrorMessage> RecordErrors { get; set; } = [];

    /// <summary>v8+, ignorable, default null.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Tag 0, v10+, not ignorable; null (or -1/-1) when absent.</summary>
    public LeaderIdAndEpoch? CurrentLeader { get; set; }

    public static PartitionProduceResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 9;
        var partition = new PartitionProduceResponse
        {
            Index = reader.ReadInt32(nameof(Index)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            BaseOffset = reader.ReadInt64(nameof(BaseOffset)),
            LogAppendTimeMs = reader.ReadInt64(nameof(LogAppendTimeMs)),
        };
        if (version >= 5) partition.LogStartOffset = reader.ReadInt64(nameof(LogStartOffset));
        if (version >= 8)
        {
            partition.RecordErrors = reader.ReadArray<BatchIndexAndErrorMessage>(flexible, version, nameof(RecordErrors), 5);
            partition.ErrorMessage = reader.ReadNullableString(flexible, nameof(ErrorMessage));
        }

        if (flexible)
        {
            TaggedFieldCursor tags = reader.BeginTaggedFields();
            while (reader.NextTaggedField(ref tags, out int tag))
            {
                if (tag == 0 && version >= 10) partition.CurrentLeader = LeaderIdAndEpoch.Read(ref reader, version);
                else reader.SkipTaggedField(ref tags);
            }
        }

        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 9;
        writer.WriteInt32(Index);
        writer.WriteInt16(ErrorCode);
        writer.WriteInt64(BaseOffset);
        writer.WriteInt64(LogAppendTimeMs);
        if (version >= 5) writer.WriteInt64(LogStartOffset);
        if (version >= 8)
        {
            writer.WriteArray(RecordErrors, flexible, version, nameof(RecordErrors));
            writer.WriteNullableString(ErrorMessage, flexible, nameof(ErrorMessage));
        }

        bool leader = CurrentLeader is { IsDefault: false };
        if (version < 10) VersionGuard.RequireDefault(!leader, Message, nameof(CurrentLeader), version);
        if (flexible)
        {
            bool tagged = leader && version >= 10;
            writer.WriteUnsignedVarint(tagged ? 1u : 0u);
            if (tagged) writer.WriteTaggedStruct(0, CurrentLeader!, version);
        }
    }
}

/// <summary>A record that made the broker drop its batch (Produce response v8+).</summary>
public sealed class BatchIndexAndErrorMessage : IProtocolStruct<BatchIndexAndErrorMessage>
{
    public int BatchIndex { get; set; }

    /// <summary>Default null.</summary>
    public string? BatchIndexErrorMessage { get; set; }

    public static BatchIndexAndErrorMessage Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 9;
        var error = new BatchIndexAndErrorMessage
        {
            BatchIndex = reader.ReadInt32(nameof(BatchIndex)),
            BatchIndexErrorMessage = reader.ReadNullableString(flexible, nameof(BatchIndexErrorMessage)),
        };
        if (flexible) reader.SkipTaggedFields();
        return error;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 9;
        writer.WriteInt32(BatchIndex);
        writer.WriteNullableString(BatchIndexErrorMessage, flexible, nameof(BatchIndexErrorMessage));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
