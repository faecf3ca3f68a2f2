namespace Streaming.Protocol.Messages;

/// <summary>A feature the broker supports (ApiVersions response v3+, tagged field 0).</summary>
public sealed class SupportedFeatureKey : IProtocolStruct<SupportedFeatureKey>
{
    public string Name { get; set; } = "";

    public short MinVersion { get; set; }

    public short MaxVersion { get; set; }

    public static SupportedFeatureKey Read(ref ProtocolReader reader, short version)
    {
        var key = new SupportedFeatureKey
        {
            Name = reader.ReadCompactString(nameof(Name)),
            MinVersion = reader.ReadInt16(nameof(MinVersion)),
            MaxVersion = reader.ReadInt16(nameof(MaxVersion)),
        };
        reader.SkipTaggedFields();
        return key;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteCompactString(Name, nameof(Name));
        writer.WriteInt16(MinVersion);
        writer.WriteInt16(MaxVersion);
        writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A cluster-wide finalized feature (ApiVersions response v3+, tagged field 2).</summary>
public sealed class FinalizedFeatureKey : IProtocolStruct<FinalizedFeatureKey>
{
    public string Name { get; set; } = "";

    public short MaxVersionLevel { get; set; }

    public short MinVersionLevel { get; set; }

    public static FinalizedFeatureKey Read(ref ProtocolReader reader, short version)
    {
        var key = new FinalizedFeatureKey
        {
            Name = reader.ReadCompactString(nameof(Name)),
            MaxVersionLevel = reader.ReadInt16(nameof(MaxVersionLevel)),
            MinVersionLevel = reader.ReadInt16(nameof(MinVersionLevel)),
        };
        reader.SkipTaggedFields();
        return key;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteCompactString(Name, nameof(Name));
        writer.WriteInt16(MaxVersionLevel);
        writer.WriteInt16(MinVersionLevel);
        writer.WriteEmptyTaggedFields();
    }
}
