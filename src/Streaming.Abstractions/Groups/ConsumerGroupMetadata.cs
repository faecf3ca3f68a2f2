namespace Streaming;

/// <summary>
/// A consumer's place in its group — group id, generation, member id, static instance id — as a transactional producer
/// needs it to commit the consumer's offsets inside its transaction: the coordinator refuses them once the generation is
/// stale, so a consumer left behind by a rebalance cannot commit (KIP-447).
/// </summary>
public sealed record ConsumerGroupMetadata(string GroupId, int GenerationId, string MemberId, string? GroupInstanceId)
{
    /// <summary>Metadata of a consumer with a <c>group.id</c> that assigns its partitions itself (no membership to check).</summary>
    public static ConsumerGroupMetadata ForGroup(string groupId) => new(groupId, -1, "", null);
}
