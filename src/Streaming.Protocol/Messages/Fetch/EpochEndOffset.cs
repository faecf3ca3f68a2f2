namespace Streaming.Protocol.Messages;

/// <summary>Where a follower's log diverges (Fetch response v12+, partition tag 0); omitted while both fields are -1.</summary>
public sealed class EpochEndOffset : IProtocolStruct<EpochEndOffset>
{
    public int Epoch { get; set; } = -1;

    public long EndOffset { get; set; } = -1;

    internal bool IsDefault => Epoch == -1 && EndOffset == -1;

    public static EpochEndOffset Read(ref ProtocolReader reader, short version)
    {
        var value = new EpochEndOffset
        {
            Epoch = reader.ReadInt32(nameof(Epoch)),
            EndOffset = reader.ReadInt64(nameof(EndOffset)),
        };
        reader.SkipTaggedFields();
        return value;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt32(Epoch);
        writer.WriteInt64(EndOffset);
        writer.WriteEmptyTaggedFields();
    }
}

/// <summary>The snapshot to fetch instead (Fetch response v12+, partition tag 2); omitted while both fields are -1.</summary>
public sealed class SnapshotId : IProtocolStruct<SnapshotId>
{
    public long EndOffset { get; set; } = -1;

    public int Epoch { get; set; } = -1;

    internal bool IsDefault => EndOffset == -1 && Epoch == -1;

    public static SnapshotId Read(ref ProtocolReader reader, short version)
    {
        var value = new SnapshotId
        {
            EndOffset = reader.ReadInt64(nameof(EndOffset)),
            Epoch = reader.ReadInt32(nameof(Epoch)),
        };
        reader.SkipTaggedFields();
        return value;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt64(EndOffset);
        writer.WriteInt32(Epoch);
        writer.WriteEmptyTaggedFields();
    }
}
