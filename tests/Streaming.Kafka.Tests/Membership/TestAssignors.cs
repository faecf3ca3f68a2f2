using System.Collections.Concurrent;
using System.Text;

namespace Streaming.Kafka.Tests.Membership;

/// <summary>Gives every partition to the member with the smallest id; records what each member was told.</summary>
internal sealed class SmallestIdAssignor(string name = "smallest-id") : IPartitionAssignor
{
    public string Name => name;

    public RebalanceProtocol Protocol => RebalanceProtocol.Eager;

    /// <summary>(generation, partitions) of each OnAssignment, in order.</summary>
    public ConcurrentQueue<(int Generation, IReadOnlyList<TopicPartition> Partitions)> Told { get; } = new();

    public int AssignCalls;

    public IReadOnlyDictionary<string, MemberAssignment> Assign(IReadOnlyDictionary<string, int> partitionCounts, IReadOnlyDictionary<string, GroupSubscription> subscriptions)
    {
        Interlocked.Increment(ref AssignCalls);
        string winner = subscriptions.Keys.Min(StringComparer.Ordinal)!;
        var all = partitionCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => Enumerable.Range(0, kv.Value).Select(p => new TopicPartition(kv.Key, p))).ToArray();
        return subscriptions.Keys.ToDictionary(m => m, m => new MemberAssignment(m == winner ? all : []));
    }

    public void OnAssignment(MemberAssignment assignment, int generation) => Told.Enqueue((generation, assignment.Partitions));
}

/// <summary>
/// Each member sends its tag as user data; the leader deals partitions round-robin by member id and answers each member
/// with "seen:" + the tag it received, so both directions of user data are checked.
/// </summary>
internal sealed class TaggingAssignor(string tag) : IPartitionAssignor
{
    public string Name => "tagging";

    public RebalanceProtocol Protocol => RebalanceProtocol.Eager;

    public ConcurrentQueue<string> Answers { get; } = new();

    public ConcurrentQueue<string> SeenByLeader { get; } = new();

    public ReadOnlyMemory<byte> GetUserData(IReadOnlyCollection<string> topics, IReadOnlyList<TopicPartition> ownedPartitions) => Encoding.UTF8.GetBytes(tag);

    public IReadOnlyDictionary<string, MemberAssignment> Assign(IReadOnlyDictionary<string, int> partitionCounts, IReadOnlyDictionary<string, GroupSubscription> subscriptions)
    {
        var members = subscriptions.Keys.Order(StringComparer.Ordinal).ToArray();
        var shares = members.ToDictionary(m => m, _ => new List<TopicPartition>());
        int next = 0;
        foreach (var (topic, count) in partitionCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            for (int p = 0; p < count; p++) shares[members[next++ % members.Length]].Add(new TopicPartition(topic, p));
        foreach (var s in subscriptions.Values) SeenByLeader.Enqueue(Encoding.UTF8.GetString(s.UserData.Span));
        return members.ToDictionary(m => m, m => new MemberAssignment(shares[m], Encoding.UTF8.GetBytes("seen:" + Encoding.UTF8.GetString(subscriptions[m].UserData.Span))));
    }

    public void OnAssignment(MemberAssignment assignment, int generation) => Answers.Enqueue(Encoding.UTF8.GetString(assignment.UserData.Span));
}
