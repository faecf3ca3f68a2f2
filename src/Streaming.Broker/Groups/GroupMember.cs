namespace Streaming.Broker.Groups;

/// <summary>A member of a group, as the coordinator tracks it.</summary>
internal sealed class GroupMember(string memberId, string? instanceId, string clientId, string host)
{
    public string MemberId { get; set; } = memberId;
    public string? InstanceId { get; } = instanceId;
    public string ClientId { get; set; } = clientId;
    public string Host { get; } = host;
    public int SessionTimeoutMs { get; set; }
    public int RebalanceTimeoutMs { get; set; }

    /// <summary>The assignors the member supports with its subscription metadata for each, in its order of preference.</summary>
    public IReadOnlyList<(string Name, byte[] Metadata)> Protocols { get; set; } = [];

    /// <summary>The assignment from the last completed sync, opaque bytes.</summary>
    public byte[] Assignment { get; set; } = [];

    public TaskCompletionSource<JoinGroupResult>? JoinWaiter { get; set; }
    public TaskCompletionSource<SyncGroupResult>? SyncWaiter { get; set; }
    public ITimer? SessionTimer { get; set; }

    /// <summary>In-process members are told at once when the group starts rebalancing, instead of at their next heartbeat.</summary>
    public Action? RebalanceNotifier { get; set; }

    public byte[] MetadataFor(string protocol)
    {
        foreach (var (name, metadata) in Protocols)
            if (name == protocol) return metadata;
        return [];
    }
}
