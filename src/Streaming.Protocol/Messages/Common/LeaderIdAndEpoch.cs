namespace Streaming.Protocol.Messages;

/// <summary>
/// The current leader of a partition (Produce response v10+ tag 0, Fetch response v12+ tag 1, per partition); always
/// flexible-encoded. Omitted from the wire while both fields are -1.
/// </summary>
public sealed class LeaderIdAndEpoch : IProtocolStruct<LeaderIdAndEpoch>
{
    public int LeaderId { get; set; } = -1;

    public int LeaderEpoch { get; set; } = -1;

    internal bool IsDefault => LeaderId == -1 && LeaderEpoch == -1;

    public static LeaderIdAndEpoch Read(ref ProtocolReader reader, short version)
    {
        var leader = new LeaderIdAndEpoch
        {
            LeaderId = reader.ReadInt32(nameof(LeaderId)),
            LeaderEpoch = reader.ReadInt32(nameof(LeaderEpoch)),
        };
        reader.SkipTaggedFields();
        return leader;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt32(LeaderId);
        writer.WriteInt32(LeaderEpoch);
        writer.WriteEmptyTaggedFields();
    }
}
