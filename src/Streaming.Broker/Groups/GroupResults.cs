namespace Streaming.Broker.Groups;

/// <summary>One member as the leader sees it in the join result.</summary>
internal sealed record JoinGroupMember(string MemberId, string? InstanceId, byte[] Metadata);

/// <summary>The outcome of a join: the new generation, the chosen protocol, the leader, and (for the leader) every member.</summary>
internal sealed record JoinGroupResult(ErrorCode Error, int Generation, string? Protocol, string? LeaderId, string MemberId, IReadOnlyList<JoinGroupMember> Members)
{
    public static JoinGroupResult Failed(ErrorCode error, string memberId = "") => new(error, -1, null, null, memberId, []);
}

/// <summary>The outcome of a sync: this member's assignment bytes.</summary>
internal sealed record SyncGroupResult(ErrorCode Error, byte[] Assignment)
{
    public static SyncGroupResult Failed(ErrorCode error) => new(error, []);
}
