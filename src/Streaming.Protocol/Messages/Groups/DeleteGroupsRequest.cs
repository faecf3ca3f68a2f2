namespace Streaming.Protocol.Messages;

/// <summary>DeleteGroups request (key 42), versions 0-2, flexible from 2.</summary>
public sealed class DeleteGroupsRequest : IKafkaRequest<DeleteGroupsRequest, DeleteGroupsResponse>
{
    private const string Name = nameof(DeleteGroupsRequest);

    public static ApiKey ApiKey => ApiKey.DeleteGroups;

    public List<string> GroupsNames { get; set; } = [];

    public static DeleteGroupsRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteGroups, version, Name);
        var message = new DeleteGroupsRequest { GroupsNames = reader.ReadStringArray(flexible, nameof(GroupsNames)) };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteGroups, version, Name);
        writer.WriteStringArray(GroupsNames, flexible, nameof(GroupsNames));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
