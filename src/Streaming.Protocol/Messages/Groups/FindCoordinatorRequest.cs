namespace Streaming.Protocol.Messages;

/// <summary>
/// FindCoordinator request (key 10), versions 0-6, flexible from 3. One key up to v3; a batch of keys from v4 (KIP-699).
/// </summary>
public sealed class FindCoordinatorRequest : IKafkaRequest<FindCoordinatorRequest, FindCoordinatorResponse>
{
    private const string Name = nameof(FindCoordinatorRequest);

    public static ApiKey ApiKey => ApiKey.FindCoordinator;

    /// <summary>v0-3, not ignorable: the group id or transactional id.</summary>
    public string Key { get; set; } = "";

    /// <summary>v1+, not ignorable: 0 group, 1 transaction, 2 share.</summary>
    public sbyte KeyType { get; set; }

    /// <summary>v4+, not ignorable.</summary>
    public List<string> CoordinatorKeys { get; set; } = [];

    public static FindCoordinatorRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.FindCoordinator, version, Name);
        var message = new FindCoordinatorRequest();
        if (version <= 3) message.Key = reader.ReadString(flexible, nameof(Key));
        if (version >= 1) message.KeyType = reader.ReadInt8(nameof(KeyType));
        if (version >= 4) message.CoordinatorKeys = reader.ReadStringArray(flexible, nameof(CoordinatorKeys));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.FindCoordinator, version, Name);
        if (version <= 3) writer.WriteString(Key, flexible, nameof(Key));
        else VersionGuard.RequireDefault(Key == "", Name, nameof(Key), version);
        if (version >= 1) writer.WriteInt8(KeyType);
        else VersionGuard.RequireDefault(KeyType == 0, Name, nameof(KeyType), version);
        if (version >= 4) writer.WriteStringArray(CoordinatorKeys, flexible, nameof(CoordinatorKeys));
        else VersionGuard.RequireDefault(CoordinatorKeys is not { Count: > 0 }, Name, nameof(CoordinatorKeys), version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
