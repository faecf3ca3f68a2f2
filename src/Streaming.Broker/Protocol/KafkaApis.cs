using Streaming.Broker.Protocol.Handlers;
using Streaming.Protocol;
using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol;

/// <summary>
/// Routes each request to its API's handler. Only APIs implemented end to end are here, and only they are advertised in
/// ApiVersions; any other key or an unsupported version closes the connection (ApiVersions itself answers an
/// unsupported version with UNSUPPORTED_VERSION, as clients expect).
/// </summary>
internal sealed class KafkaApis(KafkaListener listener)
{
    /// <summary>The versions advertised in ApiVersions: the codecs' ranges, for the APIs handled below.</summary>
    public static IReadOnlyList<ApiVersionRange> Advertised { get; } = [.. ApiVersionTable.Supported.Where(r => IsHandled(r.ApiKey))];

    public KafkaListener Listener { get; } = listener;

    private static bool IsHandled(ApiKey key) => key is ApiKey.ApiVersions or ApiKey.Metadata or ApiKey.Produce or ApiKey.Fetch
        or ApiKey.ListOffsets or ApiKey.FindCoordinator or ApiKey.DescribeCluster or ApiKey.InitProducerId
        or ApiKey.JoinGroup or ApiKey.SyncGroup or ApiKey.Heartbeat or ApiKey.LeaveGroup or ApiKey.DescribeGroups or ApiKey.ListGroups
        or ApiKey.DeleteGroups or ApiKey.OffsetCommit or ApiKey.OffsetFetch
        or ApiKey.AddPartitionsToTxn or ApiKey.AddOffsetsToTxn or ApiKey.EndTxn or ApiKey.TxnOffsetCommit
        or ApiKey.CreateTopics or ApiKey.DeleteTopics or ApiKey.CreatePartitions or ApiKey.DeleteRecords
        or ApiKey.DescribeConfigs or ApiKey.IncrementalAlterConfigs;

    public ValueTask<KafkaResponse?> HandleAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var header = context.Header;
        if (header.ApiKey == ApiKey.ApiVersions) return ValueTask.FromResult<KafkaResponse?>(ApiVersionsHandler.Handle(context, body));
        if (!IsHandled(header.ApiKey) || !ApiVersionTable.IsSupported(header.ApiKey, header.ApiVersion))
            throw new ProtocolException($"{header.ApiKey} version {header.ApiVersion} is not supported by this broker");
        return header.ApiKey switch
        {
            ApiKey.Metadata => Sync(MetadataHandler.Handle(context, body)),
            ApiKey.Produce => ProduceHandler.HandleAsync(context, body),
            ApiKey.Fetch => FetchHandler.HandleAsync(context, body),
            ApiKey.ListOffsets => Sync(ListOffsetsHandler.Handle(context, body)),
            ApiKey.FindCoordinator => Sync(FindCoordinatorHandler.Handle(context, body)),
            ApiKey.DescribeCluster => Sync(DescribeClusterHandler.Handle(context, body)),
            ApiKey.InitProducerId => InitProducerIdHandler.HandleAsync(context, body),
            ApiKey.JoinGroup => GroupMembershipHandlers.JoinAsync(context, body),
            ApiKey.SyncGroup => GroupMembershipHandlers.SyncAsync(context, body),
            ApiKey.Heartbeat => Sync(GroupMembershipHandlers.Heartbeat(context, body)),
            ApiKey.LeaveGroup => Sync(GroupMembershipHandlers.Leave(context, body)),
            ApiKey.DescribeGroups => Sync(GroupAdminHandlers.Describe(context, body)),
            ApiKey.ListGroups => Sync(GroupAdminHandlers.List(context, body)),
            ApiKey.DeleteGroups => GroupAdminHandlers.DeleteAsync(context, body),
            ApiKey.OffsetCommit => OffsetHandlers.CommitAsync(context, body),
            ApiKey.OffsetFetch => Sync(OffsetHandlers.Fetch(context, body)),
            ApiKey.AddPartitionsToTxn => TransactionHandlers.AddPartitionsAsync(context, body),
            ApiKey.AddOffsetsToTxn => TransactionHandlers.AddOffsetsAsync(context, body),
            ApiKey.EndTxn => TransactionHandlers.EndAsync(context, body),
            ApiKey.TxnOffsetCommit => TransactionHandlers.CommitOffsetsAsync(context, body),
            ApiKey.CreateTopics => Sync(TopicAdminHandlers.CreateTopics(context, body)),
            ApiKey.DeleteTopics => Sync(TopicAdminHandlers.DeleteTopics(context, body)),
            ApiKey.CreatePartitions => Sync(TopicAdminHandlers.CreatePartitions(context, body)),
            ApiKey.DeleteRecords => Sync(TopicAdminHandlers.DeleteRecords(context, body)),
            ApiKey.DescribeConfigs => Sync(ConfigHandlers.Describe(context, body)),
            ApiKey.IncrementalAlterConfigs => Sync(ConfigHandlers.IncrementalAlter(context, body)),
            _ => throw new ProtocolException($"{header.ApiKey} is not handled"),
        };
    }

    private static ValueTask<KafkaResponse?> Sync(KafkaResponse response) => ValueTask.FromResult<KafkaResponse?>(response);
}
