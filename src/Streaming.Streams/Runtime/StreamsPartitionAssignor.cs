namespace Streaming.Streams.Runtime;

/// <summary>
/// Streams' task assignor, plugged into each stream thread's consumer: the group leader's instance turns partitions into tasks
/// (one per sub-topology and partition number, so co-partitioned topics land together), spreads them over instances in
/// proportion to their threads — keeping tasks where they ran or where their state is on disk when balance allows — and then
/// over each instance's threads, again sticky.
/// </summary>
internal sealed class StreamsPartitionAssignor(TopologyMetadata topology, Func<SubscriptionInfo> subscription) : IPartitionAssignor
{
    public const string StrategyName = "streams";

    public string Name => StrategyName;

    public RebalanceProtocol Protocol => RebalanceProtocol.Eager;

    /// <summary>The last assignment this member received, with its generation.</summary>
    public (AssignmentInfo Info, int Generation)? LastAssignment { get; private set; }

    public ReadOnlyMemory<byte> GetUserData(IReadOnlyCollection<string> topics, IReadOnlyList<TopicPartition> ownedPartitions)
        => AssignmentCodec.Encode(subscription());

    public void OnAssignment(MemberAssignment assignment, int generation)
        => LastAssignment = (assignment.UserData.IsEmpty ? new AssignmentInfo(0, []) : AssignmentCodec.DecodeAssignment(assignment.UserData.Span), generation);

    public IReadOnlyDictionary<string, MemberAssignment> Assign(IReadOnlyDictionary<string, int> partitionCounts, IReadOnlyDictionary<string, GroupSubscription> subscriptions)
    {
        var members = new List<Member>();
        foreach ((string memberId, GroupSubscription sub) in subscriptions.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            SubscriptionInfo info = sub.UserData.IsEmpty
                ? throw new StreamsException($"group member '{memberId}' sent no stream-thread data: is a plain consumer using this application's group id?")
                : AssignmentCodec.DecodeSubscription(sub.UserData.Span);
            members.Add(new Member(memberId, info));
        }
        if (members.Any(m => m.Info.ShutdownRequested))
            return members.ToDictionary(m => m.Id, _ => new MemberAssignment([], AssignmentCodec.Encode(new AssignmentInfo(AssignmentCodec.ShutdownApplication, []))));

        (List<TaskId> tasks, bool complete) = topology.Tasks(partitionCounts);
        int error = complete ? 0 : AssignmentCodec.IncompleteSourceTopicMetadata;
        Dictionary<string, List<TaskId>> byMember = Distribute(tasks, members);
        return members.ToDictionary(m => m.Id, m =>
        {
            List<TaskId> mine = byMember[m.Id];
            mine.Sort();
            return new MemberAssignment(topology.PartitionsOf(mine, partitionCounts), AssignmentCodec.Encode(new AssignmentInfo(error, mine)));
        });
    }

    /// <summary>Two levels: tasks to instances (weighted by thread count), then each instance's tasks to its threads.</summary>
    internal static Dictionary<string, List<TaskId>> Distribute(IReadOnlyList<TaskId> tasks, IReadOnlyList<Member> members)
    {
        var clients = members.GroupBy(m => m.Info.ProcessId).Select(g => new Client(g.Key, [.. g])).OrderBy(c => c.ProcessId).ToList();
        int threads = members.Count;
        var previousClient = new Dictionary<TaskId, Client>();
        var stateClients = new Dictionary<TaskId, List<Client>>();
        foreach (Client c in clients)
        {
            foreach (Member m in c.Members)
            {
                foreach (TaskId t in m.Info.PreviousActive) previousClient.TryAdd(t, c);
                foreach (TaskId t in m.Info.LocalState)
                {
                    if (!stateClients.TryGetValue(t, out List<Client>? list)) stateClients[t] = list = [];
                    if (!list.Contains(c)) list.Add(c);
                }
            }
        }
        foreach (Client c in clients) c.Quota = (int)Math.Ceiling((double)tasks.Count * c.Members.Count / Math.Max(1, threads));

        var unassigned = new List<TaskId>();
        foreach (TaskId t in tasks)
        {
            if (previousClient.TryGetValue(t, out Client? c) && c.Tasks.Count < c.Quota) c.Tasks.Add(t);
            else unassigned.Add(t);
        }
        foreach (TaskId t in unassigned)
        {
            Client? target = null;
            if (stateClients.TryGetValue(t, out List<Client>? holders))
                target = holders.Where(h => h.Tasks.Count < h.Quota).OrderBy(Load).FirstOrDefault();
            target ??= clients.OrderBy(Load).ThenBy(c => c.ProcessId).First();
            target.Tasks.Add(t);
        }

        var result = members.ToDictionary(m => m.Id, _ => new List<TaskId>());
        foreach (Client c in clients)
        {
            int quota = (int)Math.Ceiling((double)c.Tasks.Count / c.Members.Count);
            var rest = new List<TaskId>();
            foreach (TaskId t in c.Tasks)
            {
                Member? owner = c.Members.FirstOrDefault(m => m.Info.PreviousActive.Contains(t));
                if (owner is not null && result[owner.Id].Count < quota) result[owner.Id].Add(t);
                else rest.Add(t);
            }
            foreach (TaskId t in rest) result[c.Members.OrderBy(m => result[m.Id].Count).ThenBy(m => m.Id, StringComparer.Ordinal).First().Id].Add(t);
        }
        return result;

        static double Load(Client c) => (double)c.Tasks.Count / c.Members.Count;
    }

    internal sealed record Member(string Id, SubscriptionInfo Info);

    private sealed class Client(Guid processId, List<Member> members)
    {
        public Guid ProcessId { get; } = processId;

        public List<Member> Members { get; } = members;

        public List<TaskId> Tasks { get; } = [];

        public int Quota { get; set; }
    }
}
