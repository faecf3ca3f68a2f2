namespace Streaming.Protocol.Messages;

/// <summary>ListGroups request (key 16), versions 0-5, flexible from 3.</summary>
public sealed class ListGroupsRequest : IKafkaRequest<ListGroupsRequest, ListGroupsResponse>
{
    private const string Name = nameof(ListGroupsRequest);

    public static ApiKey ApiKey => ApiKey.ListGroups;

    /// <summary>v4+, not ignorable: only groups in these states (empty = all).</summary>
    public List<string> StatesFilter { get; set; } = [];

    /// <summary>v5+, not ignorable: only groups of these types (empty = all).</summary>
    public List<string> TypesFilter { get; set; } = [];

    public static ListGroupsRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ListGroups, version, Name);
        var message = new ListGroupsRequest();
        if (version >= 4) message.StatesFilter = reader.ReadStringArray(flexible, nameof(StatesFilter));
        if (version >= 5) message.TypesFilter = reader.ReadStringArray(flexible, nameof(TypesFilter));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ListGroups, version, Name);
        if (version >= 4) writer.WriteStringArray(StatesFilter, flexible, nameof(StatesFilter));
        else VersionGuard.RequireDefault(StatesFilter is not { Count: > 0 }, Name, nameof(StatesFilter), version);
        if (version >= 5) writer.WriteStringArray(TypesFilter, flexible, nameof(TypesFilter));
        else VersionGuard.RequireDefault(TypesFilter is not { Count: > 0 }, Name, nameof(TypesFilter), version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
