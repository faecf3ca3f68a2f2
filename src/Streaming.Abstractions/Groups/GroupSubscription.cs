namespace Streaming;

/// <summary>One member's subscription as the group leader's assignor sees it.</summary>
/// <param name="Topics">The topics the member subscribes to.</param>
/// <param name="UserData">The assignor's per-member data (from <see cref="IPartitionAssignor.GetUserData"/>), or empty.</param>
/// <param name="OwnedPartitions">What the member owns now (cooperative assignors keep these where they can).</param>
/// <param name="GroupInstanceId">The static member id (<c>group.instance.id</c>), or null.</param>
/// <param name="Generation">The generation in which the member last owned <paramref name="OwnedPartitions"/>, or -1.</param>
public sealed record GroupSubscription(
    IReadOnlyList<string> Topics,
    ReadOnlyMemory<byte> UserData,
    IReadOnlyList<TopicPartition> OwnedPartitions,
    string? GroupInstanceId = null,
    int Generation = -1);
