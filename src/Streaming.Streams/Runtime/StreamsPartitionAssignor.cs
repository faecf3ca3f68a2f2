namespace Streaming.Streams.Runtime;

/// <summary>
/// Streams' task assignor, plugged into each stream thread's consumer. The group leader's instance turns partitions into
/// tasks (one per sub-topology and partition number, so co-partitioned topics land together) and places them:
/// <list type="number">
/// <item>Active tasks over instances in proportion to their threads, sticky (a task stays where it ran) and
/// highly available: a stateful task only goes to an instance whose copy of its state is within
/// <c>acceptable.recovery.lag</c> of the changelog's end when one exists; the instance balance wanted gets a warm-up
/// replica instead (at most <c>max.warmup.replicas</c>), and a probing rebalance moves the task once it has caught up.</item>
/// <item><c>num.standby.replicas</c> standby copies of each stateful task on other instances, preferring those with the
/// freshest local state.</item>
/// <item>Each instance's tasks over its threads, again sticky.</item>
/// </list>
/// Every member also learns which <c>application.server</c> hosts which tasks (interactive-query routing).
/// </summary>
internal sealed class StreamsPartitionAssignor(TopologyMetadata topology, StreamsConfig config, Func<SubscriptionInfo> subscription,
    Func<IReadOnlyCollection<TaskId>, IReadOnlyDictionary<TaskId, long>> changelogEndSums) : IPartitionAssignor
{
    public const string StrategyName = "streams";

    public string Name => StrategyName;

    public RebalanceProtocol Protocol => RebalanceProtocol.Eager;

    /// <summary>The last assignment this member received, with its generation.</summary>
    public (AssignmentInfo Info, int Generation)? LastAssignment { get; private set; }

    public ReadOnlyMemory<byte> GetUserData(IReadOnlyCollection<string> topics, IReadOnlyList<TopicPartition> ownedPartitions)
        => AssignmentCodec.Encode(subscription());

    public void OnAssignment(MemberAssignment assignment, int generation)
        => LastAssignment = (assignment.UserData.IsEmpty ? AssignmentInfo.Error(0) : AssignmentCodec.DecodeAssignment(assignment.UserData.Span), generation);

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
            return members.ToDictionary(m => m.Id, _ => new MemberAssignment([], AssignmentCodec.Encode(AssignmentInfo.Error(AssignmentCodec.ShutdownApplication))));

        (List<TaskId> tasks, bool complete) = topology.Tasks(partitionCounts);
        var stateful = tasks.Where(t => topology.IsStateful(t.Subtopology)).ToList();
        IReadOnlyDictionary<TaskId, long> ends = stateful.Count == 0 ? new Dictionary<TaskId, long>() : changelogEndSums(stateful);
        Plan plan = Place(tasks, stateful.ToHashSet(), ends, members, config);

        var perSubtopology = new int[topology.SubtopologyCount];
        foreach (TaskId t in tasks) perSubtopology[t.Subtopology] = Math.Max(perSubtopology[t.Subtopology], t.Partition + 1);
        var activeByHost = new Dictionary<string, IReadOnlyList<TaskId>>();
        var standbyByHost = new Dictionary<string, IReadOnlyList<TaskId>>();
        foreach (var group in members.Where(m => m.Info.ApplicationServer is not null).GroupBy(m => m.Info.ApplicationServer!))
        {
            activeByHost[group.Key] = [.. group.SelectMany(m => plan.Active[m.Id]).Order()];
            standbyByHost[group.Key] = [.. group.SelectMany(m => plan.Standby[m.Id]).Order()];
        }
        int error = complete ? 0 : AssignmentCodec.IncompleteSourceTopicMetadata;
        return members.ToDictionary(m => m.Id, m =>
        {
            List<TaskId> active = [.. plan.Active[m.Id].Order()];
            List<TaskId> standby = [.. plan.Standby[m.Id].Order()];
            var info = new AssignmentInfo(error, active, standby, activeByHost, standbyByHost, perSubtopology, plan.Probing);
            return new MemberAssignment(topology.PartitionsOf(active, partitionCounts), AssignmentCodec.Encode(info));
        });
    }

    internal sealed record Plan(Dictionary<string, List<TaskId>> Active, Dictionary<string, List<TaskId>> Standby, bool Probing);

    /// <summary>The placement (see the class remarks); pure, so tests can drive it directly.</summary>
    internal static Plan Place(IReadOnlyList<TaskId> tasks, IReadOnlySet<TaskId> stateful, IReadOnlyDictionary<TaskId, long> changelogEnds,
        IReadOnlyList<Member> members, StreamsConfig config)
    {
        var clients = members.GroupBy(m => m.Info.ProcessId).Select(g => new Client(g.Key, [.. g])).OrderBy(c => c.ProcessId).ToList();
        int threads = Math.Max(1, members.Count);
        var previousClient = new Dictionary<TaskId, Client>();
        foreach (Client c in clients)
        {
            foreach (Member m in c.Members)
            {
                foreach (TaskId t in m.Info.PreviousActive) previousClient.TryAdd(t, c);
            }
            c.Quota = (int)((long)tasks.Count * c.Members.Count / threads);
        }
        // Quotas add up to the task count exactly (rounded up, they let previous owners keep everything and starve new
        // instances): the remainder goes to the largest fractional shares, then to the instances that ran the most tasks.
        int extra = tasks.Count - clients.Sum(c => c.Quota);
        foreach (Client c in clients.OrderByDescending(c => (long)tasks.Count * c.Members.Count % threads)
            .ThenByDescending(c => tasks.Count(t => previousClient.GetValueOrDefault(t) == c)).ThenBy(c => c.ProcessId).Take(extra))
            c.Quota++;

        long Lag(Client c, TaskId t)
        {
            if (!stateful.Contains(t)) return 0;
            long end = changelogEnds.GetValueOrDefault(t);
            long best = long.MaxValue;
            foreach (Member m in c.Members)
            {
                if (!m.Info.TaskOffsetSums.TryGetValue(t, out long sum)) continue;
                best = Math.Min(best, sum == AssignmentCodec.RunningOffsetSum ? 0 : Math.Max(0, end - sum));
            }
            return best == long.MaxValue ? Math.Max(end, 0) : best;
        }

        bool CaughtUp(Client c, TaskId t) => Lag(c, t) <= config.AcceptableRecoveryLag;
        static double Load(Client c) => (double)c.Active.Count / c.Members.Count;

        int warmups = 0;
        bool probing = false;
        // Previous owners first (stickiness), as long as they are caught up and within their share.
        var rest = new List<TaskId>();
        foreach (TaskId t in tasks)
        {
            if (previousClient.TryGetValue(t, out Client? owner) && owner.Active.Count < owner.Quota && CaughtUp(owner, t)) owner.Active.Add(t);
            else rest.Add(t);
        }
        foreach (TaskId t in rest)
        {
            var caughtUp = clients.Where(c => CaughtUp(c, t)).ToList();
            Client? target = caughtUp.Where(c => c.Active.Count < c.Quota).OrderBy(Load).ThenBy(c => Lag(c, t)).ThenBy(c => c.ProcessId).FirstOrDefault();
            if (target is null && caughtUp.Count > 0)
            {
                // Balance wants the task on an instance that would have to restore it first: keep it on a caught-up one
                // and warm the other up.
                target = caughtUp.OrderBy(Load).ThenBy(c => c.ProcessId).First();
                Client? wanted = clients.Where(c => c.Active.Count < c.Quota && !caughtUp.Contains(c)).OrderBy(Load).ThenBy(c => c.ProcessId).FirstOrDefault();
                if (wanted is not null && warmups < config.MaxWarmupReplicas)
                {
                    wanted.Standby.Add(t);
                    warmups++;
                    probing = true;
                }
            }
            target ??= clients.Where(c => c.Active.Count < c.Quota).OrderBy(c => Lag(c, t)).ThenBy(Load).ThenBy(c => c.ProcessId).FirstOrDefault()
                ?? clients.OrderBy(Load).ThenBy(c => c.ProcessId).First();
            target.Active.Add(t);
        }

        // Standby replicas on other instances, freshest state first.
        foreach (TaskId t in tasks.Where(stateful.Contains))
        {
            for (int r = 0; r < config.NumStandbyReplicas; r++)
            {
                Client? holder = clients.Where(c => !c.Active.Contains(t) && !c.Standby.Contains(t))
                    .OrderBy(c => Lag(c, t)).ThenBy(c => c.Active.Count + c.Standby.Count).ThenBy(c => c.ProcessId).FirstOrDefault();
                if (holder is null) break;
                holder.Standby.Add(t);
            }
        }

        var active = members.ToDictionary(m => m.Id, _ => new List<TaskId>());
        var standby = members.ToDictionary(m => m.Id, _ => new List<TaskId>());
        foreach (Client c in clients)
        {
            // Each thread keeps what it ran up to an even share (at most `extras` threads one more), so a new thread gets its part.
            int share = c.Active.Count / c.Members.Count, extras = c.Active.Count % c.Members.Count;
            var unplaced = new List<TaskId>();
            foreach (TaskId t in c.Active)
            {
                Member? owner = c.Members.FirstOrDefault(m => m.Info.PreviousActive.Contains(t));
                if (owner is not null && active[owner.Id].Count < share) active[owner.Id].Add(t);
                else if (owner is not null && active[owner.Id].Count == share && extras > 0)
                {
                    active[owner.Id].Add(t);
                    extras--;
                }
                else unplaced.Add(t);
            }
            foreach (TaskId t in unplaced) active[c.Members.OrderBy(m => active[m.Id].Count).ThenBy(m => m.Id, StringComparer.Ordinal).First().Id].Add(t);
            foreach (TaskId t in c.Standby)
                standby[c.Members.OrderBy(m => active[m.Id].Count + standby[m.Id].Count).ThenBy(m => m.Id, StringComparer.Ordinal).First().Id].Add(t);
        }
        return new Plan(active, standby, probing);
    }

    internal sealed record Member(string Id, SubscriptionInfo Info);

    private sealed class Client(Guid processId, List<Member> members)
    {
        public Guid ProcessId { get; } = processId;

        public List<Member> Members { get; } = members;

        public List<TaskId> Active { get; } = [];

        public List<TaskId> Standby { get; } = [];

        public int Quota { get; set; }
    }
}
