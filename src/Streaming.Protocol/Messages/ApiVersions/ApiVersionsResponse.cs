namespace Streaming.Protocol.Messages;

/// <summary>
/// ApiVersions response (key 18), versions 0-4, flexible from 3. Always sent with response header v0. Tagged fields
/// (v3+): 0 SupportedFeatures, 1 FinalizedFeaturesEpoch, 2 FinalizedFeatures, 3 ZkMigrationReady.
/// </summary>
public sealed class ApiVersionsResponse : IKafkaMessage<ApiVersionsResponse>
{
    private const string Name = nameof(ApiVersionsResponse);

    public static ApiKey ApiKey => ApiKey.ApiVersions;

    public short ErrorCode { get; set; }

    public List<ApiVersionsResponseKey> ApiKeys { get; set; } = [];

    /// <summary>v1+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    /// <summary>Tag 0 (v3+), ignorable.</summary>
    public List<SupportedFeatureKey> SupportedFeatures { get; set; } = [];

    /// <summary>Tag 1 (v3+), ignorable; -1 when unknown.</summary>
    public long FinalizedFeaturesEpoch { get; set; } = -1;

    /// <summary>Tag 2 (v3+), ignorable.</summary>
    public List<FinalizedFeatureKey> FinalizedFeatures { get; set; } = [];

    /// <summary>Tag 3 (v3+), ignorable.</summary>
    public bool ZkMigrationReady { get; set; }

    public static ApiVersionsResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ApiVersions, version, Name);
        var message = new ApiVersionsResponse
        {
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            ApiKeys = reader.ReadArray<ApiVersionsResponseKey>(flexible, version, nameof(ApiKeys), 6),
        };
        if (version >= 1) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        if (flexible)
        {
            TaggedFieldCursor tags = reader.BeginTaggedFields();
            while (reader.NextTaggedField(ref tags, out int tag))
            {
                switch (tag)
                {
                    case 0: message.SupportedFeatures = reader.ReadArray<SupportedFeatureKey>(true, version, nameof(SupportedFeatures)); break;
                    case 1: message.FinalizedFeaturesEpoch = reader.ReadInt64(nameof(FinalizedFeaturesEpoch)); break;
                    case 2: message.FinalizedFeatures = reader.ReadArray<FinalizedFeatureKey>(true, version, nameof(FinalizedFeatures)); break;
                    case 3: message.ZkMigrationReady = reader.ReadBool(nameof(ZkMigrationReady)); break;
                    default: reader.SkipTaggedField(ref tags); break;
                }
            }
        }

        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ApiVersions, version, Name);
        writer.WriteInt16(ErrorCode);
        writer.WriteArray(ApiKeys, flexible, version, nameof(ApiKeys));
        if (version >= 1) writer.WriteInt32(ThrottleTimeMs);
        if (flexible)
        {
            bool features = SupportedFeatures is { Count: > 0 };
            bool epoch = FinalizedFeaturesEpoch != -1;
            bool finalized = FinalizedFeatures is { Count: > 0 };
            writer.WriteUnsignedVarint((uint)((features ? 1 : 0) + (epoch ? 1 : 0) + (finalized ? 1 : 0) + (ZkMigrationReady ? 1 : 0)));
            if (features) writer.WriteTaggedArray(0, SupportedFeatures!, version);
            if (epoch)
            {
                writer.WriteTaggedFieldHeader(1, 8);
                writer.WriteInt64(FinalizedFeaturesEpoch);
            }

            if (finalized) writer.WriteTaggedArray(2, FinalizedFeatures!, version);
            if (ZkMigrationReady)
            {
                writer.WriteTaggedFieldHeader(3, 1);
                writer.WriteBool(true);
            }
        }
    }
}

/// <summary>One API's version range in an ApiVersions response.</summary>
public sealed class ApiVersionsResponseKey : IProtocolStruct<ApiVersionsResponseKey>
{
    /// <summary>The API key, as a raw number (a broker may list keys this library does not know).</summary>
    public short ApiKey { get; set; }

    public short MinVersion { get; set; }

    public short MaxVersion { get; set; }

    public static ApiVersionsResponseKey Read(ref ProtocolReader reader, short version)
    {
        var key = new ApiVersionsResponseKey
        {
            ApiKey = reader.ReadInt16(nameof(ApiKey)),
            MinVersion = reader.ReadInt16(nameof(MinVersion)),
            MaxVersion = reader.ReadInt16(nameof(MaxVersion)),
        };
        if (version >= 3) reader.SkipTaggedFields();
        return key;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt16(ApiKey);
        writer.WriteInt16(MinVersion);
        writer.WriteInt16(MaxVersion);
        if (version >= 3) writer.WriteEmptyTaggedFields();
    }
}
