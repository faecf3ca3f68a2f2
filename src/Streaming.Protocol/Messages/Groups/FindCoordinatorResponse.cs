namespace Streaming.Protocol.Messages;

/// <summary>FindCoordinator response (key 10), versions 0-6, flexible from 3; one coordinator up to v3, a list from v4.</summary>
public sealed class FindCoordinatorResponse : IKafkaMessage<FindCoordinatorResponse>
{
    private const string Name = nameof(FindCoordinatorResponse);

    public static ApiKey ApiKey => ApiKey.FindCoordinator;

    /// <summary>v1+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    /// <summary>v0-3, not ignorable.</summary>
    public short ErrorCode { get; set; }

    /// <summary>v1-3, ignorable.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>v0-3, not ignorable.</summary>
    public int NodeId { get; set; }

    /// <summary>v0-3, not ignorable.</summary>
    public string Host { get; set; } = "";

    /// <summary>v0-3, not ignorable.</summary>
    public int Port { get; set; }

    /// <summary>v4+, not ignorable.</summary>
    public List<Coordinator> Coordinators { get; set; } = [];

    public static FindCoordinatorResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.FindCoordinator, version, Name);
        var message = new FindCoordinatorResponse();
        if (version >= 1) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        if (version <= 3)
        {
            message.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
            if (version >= 1) message.ErrorMessage = reader.ReadNullableString(flexible, nameof(ErrorMessage));
            message.NodeId = reader.ReadInt32(nameof(NodeId));
            message.Host = reader.ReadString(flexible, nameof(Host));
            message.Port = reader.ReadInt32(nameof(Port));
        }
        else
        {
            message.Coordinators = reader.ReadArray<Coordinator>(flexible, version, nameof(Coordinators), 13);
        }

        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.FindCoordinator, version, Name);
        if (version >= 1) writer.WriteInt32(ThrottleTimeMs);
        if (version <= 3)
        {
            writer.WriteInt16(ErrorCode);
            if (version >= 1) writer.WriteNullableString(ErrorMessage, flexible, nameof(ErrorMessage));
            writer.WriteInt32(NodeId);
            writer.WriteString(Host, flexible, nameof(Host));
            writer.WriteInt32(Port);
            VersionGuard.RequireDefault(Coordinators is not { Count: > 0 }, Name, nameof(Coordinators), version);
        }
        else
        {
            VersionGuard.RequireDefault(ErrorCode == 0, Name, nameof(ErrorCode), version);
            VersionGuard.RequireDefault(NodeId == 0, Name, nameof(NodeId), version);
            VersionGuard.RequireDefault(Host == "", Name, nameof(Host), version);
            VersionGuard.RequireDefault(Port == 0, Name, nameof(Port), version);
            writer.WriteArray(Coordinators, flexible, version, nameof(Coordinators));
        }

        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One key's coordinator (FindCoordinator response v4+).</summary>
public sealed class Coordinator : IProtocolStruct<Coordinator>
{
    public string Key { get; set; } = "";

    public int NodeId { get; set; }

    public string Host { get; set; } = "";

    public int Port { get; set; }

    public short ErrorCode { get; set; }

    /// <summary>Ignorable; null when there is no error.</summary>
    public string? ErrorMessage { get; set; }

    public static Coordinator Read(ref ProtocolReader reader, short version)
    {
        var coordinator = new Coordinator
        {
            Key = reader.ReadCompactString(nameof(Key)),
            NodeId = reader.ReadInt32(nameof(NodeId)),
            Host = reader.ReadCompactString(nameof(Host)),
            Port = reader.ReadInt32(nameof(Port)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            ErrorMessage = reader.ReadCompactNullableString(nameof(ErrorMessage)),
        };
        reader.SkipTaggedFields();
        return coordinator;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteCompactString(Key, nameof(Key));
        writer.WriteInt32(NodeId);
        writer.WriteCompactString(Host, nameof(Host));
        writer.WriteInt32(Port);
        writer.WriteInt16(ErrorCode);
        writer.WriteCompactNullableString(ErrorMessage, nameof(ErrorMessage));
        writer.WriteEmptyTaggedFields();
    }
}
