using Streaming.Streams.Runtime;

namespace Streaming.Streams.Tests.Runtime;

/// <summary>The task placement of Streams' assignor, driven directly (it is a pure function of the members' reports).</summary>
public sealed class AssignorTests
{
    private static readonly Guid A = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = new("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = new("00000000-0000-0000-0000-00000000000c");

    private static StreamsConfig Config(int standbys = 0, long acceptableLag = 10_000)
        => new() { ApplicationId = "app", NumStandbyReplicas = standbys, AcceptableRecoveryLag = acceptableLag };

    private static StreamsPartitionAssignor.Member Member(string id, Guid process, IReadOnlyList<TaskId>? previous = null, Dictionary<TaskId, long>? sums = null)
        => new(id, new SubscriptionInfo(process, previous ?? [], sums ?? [], ShutdownRequested: false));

    private static List<TaskId> Tasks(int n) => [.. Enumerable.Range(0, n).Select(p => new TaskId(0, p))];

    [Fact]
    public void Tasks_are_balanced_over_instances_by_thread_count_and_kept_where_they_ran()
    {
        var tasks = Tasks(6);
        // A has two threads, B one: A gets 4, B 2; A's threads keep what they ran.
        var members = new[]
        {
            Member("a1", A, previous: [new(0, 0), new(0, 1)]),
            Member("a2", A, previous: [new(0, 2), new(0, 3)]),
            Member("b1", B),
        };
        var plan = StreamsPartitionAssignor.Place(tasks, new HashSet<TaskId>(), new Dictionary<TaskId, long>(), members, Config());
        Assert.Equal([new(0, 0), new(0, 1)], plan.Active["a1"].Order());
        Assert.Equal([new(0, 2), new(0, 3)], plan.Active["a2"].Order());
        Assert.Equal([new(0, 4), new(0, 5)], plan.Active["b1"].Order());
        Assert.False(plan.Probing);
    }

    [Fact]
    public void A_stateful_task_stays_on_a_caught_up_instance_and_the_new_one_gets_a_warm_up_replica()
    {
        var tasks = Tasks(2);
        var stateful = tasks.ToHashSet();
        var ends = tasks.ToDictionary(t => t, _ => 1_000_000L);
        // A runs both tasks; B joins with no state: a million records behind, far past the acceptable lag.
        var running = tasks.ToDictionary(t => t, _ => -2L);
        var members = new[] { Member("a", A, previous: tasks, sums: running), Member("b", B) };
        var plan = StreamsPartitionAssignor.Place(tasks, stateful, ends, members, Config());
        Assert.Equal(2, plan.Active["a"].Count);
        Assert.Empty(plan.Active["b"]);
        Assert.Single(plan.Standby["b"]);      // a warm-up replica of the task balance wants on B
        Assert.True(plan.Probing);

        // Once B's copy is within the acceptable lag, the probing rebalance moves the task.
        TaskId warm = plan.Standby["b"][0];
        var caughtUp = new Dictionary<TaskId, long> { [warm] = 995_000 };
        var next = StreamsPartitionAssignor.Place(tasks, stateful, ends,
            [Member("a", A, previous: tasks, sums: running), Member("b", B, sums: caughtUp)], Config());
        Assert.Equal([warm], next.Active["b"]);
        Assert.Single(next.Active["a"]);
        Assert.False(next.Probing);
    }

    [Fact]
    public void Standby_replicas_go_to_other_instances_preferring_the_freshest_state()
    {
        var tasks = Tasks(2);
        var stateful = tasks.ToHashSet();
        var ends = tasks.ToDictionary(t => t, _ => 100L);
        var members = new[]
        {
            Member("a", A, previous: [new(0, 0)], sums: new() { [new(0, 0)] = -2 }),
            Member("b", B, previous: [new(0, 1)], sums: new() { [new(0, 1)] = -2 }),
            // C holds an up-to-date copy of task 0_0: it, not B, gets 0_0's standby.
            Member("c", C, sums: new() { [new(0, 0)] = 100 }),
        };
        var plan = StreamsPartitionAssignor.Place(tasks, stateful, ends, members, Config(standbys: 1));
        Assert.Equal([new TaskId(0, 0)], plan.Active["a"]);
        Assert.Equal([new TaskId(0, 1)], plan.Active["b"]);
        Assert.Contains(new TaskId(0, 0), plan.Standby["c"]);
        foreach ((string member, List<TaskId> standby) in plan.Standby)
            Assert.Empty(standby.Intersect(plan.Active[member])); // never a standby where the task is active
        Assert.Equal(2, plan.Standby.Values.Sum(s => s.Count));
    }

    [Fact]
    public void Subscription_and_assignment_data_round_trip_and_garbage_is_refused()
    {
        var info = new SubscriptionInfo(A, [new(1, 2)], new Dictionary<TaskId, long> { [new(0, 3)] = 42 }, ShutdownRequested: true, "host:1");
        SubscriptionInfo back = AssignmentCodec.DecodeSubscription(AssignmentCodec.Encode(info));
        Assert.Equal(info.ProcessId, back.ProcessId);
        Assert.Equal(info.PreviousActive, back.PreviousActive);
        Assert.Equal(42, back.TaskOffsetSums[new TaskId(0, 3)]);
        Assert.True(back.ShutdownRequested);
        Assert.Equal("host:1", back.ApplicationServer);
        Assert.Throws<StreamsException>(() => AssignmentCodec.DecodeSubscription([2, 1, 2, 3]));
        Assert.Throws<StreamsException>(() => AssignmentCodec.DecodeAssignment([9, 0, 0, 0, 0, 0, 0, 0, 0]));
        // A string length near int.MaxValue must not overflow the bounds check.
        byte[] huge = [AssignmentCodec.Version, .. new byte[16], 0, 0x7F, 0xFF, 0xFF, 0xF0];
        Assert.Throws<StreamsException>(() => AssignmentCodec.DecodeSubscription(huge));
    }

    private static readonly Guid D = new("00000000-0000-0000-0000-00000000000d");
    private static readonly Guid E = new("00000000-0000-0000-0000-00000000000e");

    /// <summary>
    /// Stickiness used to work against a quota rounded up per instance: with 6 tasks on 5 one-thread instances the quota is
    /// 2, so the three that ran 2 tasks each kept them and the two new instances got nothing.
    /// </summary>
    [Fact]
    public void New_instances_get_their_share_even_when_the_previous_owners_fit_a_rounded_up_quota()
    {
        var tasks = Tasks(6);
        var members = new[]
        {
            Member("a", A, previous: [new(0, 0), new(0, 1)]),
            Member("b", B, previous: [new(0, 2), new(0, 3)]),
            Member("c", C, previous: [new(0, 4), new(0, 5)]),
            Member("d", D),
            Member("e", E),
        };
        var plan = StreamsPartitionAssignor.Place(tasks, new HashSet<TaskId>(), new Dictionary<TaskId, long>(), members, Config());
        Assert.Equal(6, plan.Active.Values.Sum(a => a.Count));
        Assert.All(plan.Active.Values, a => Assert.InRange(a.Count, 1, 2));
        // Stickiness still holds where balance allows it: every task an instance keeps is one it ran.
        foreach (var m in members) Assert.All(plan.Active[m.Id], t => Assert.True(m.Info.PreviousActive.Count == 0 || m.Info.PreviousActive.Contains(t)));
    }

    /// <summary>The same within an instance: a new thread next to two that ran 2 tasks each got none of the 4.</summary>
    [Fact]
    public void A_new_thread_gets_its_share_of_its_instances_tasks()
    {
        var tasks = Tasks(4);
        var members = new[]
        {
            Member("a1", A, previous: [new(0, 0), new(0, 1)]),
            Member("a2", A, previous: [new(0, 2), new(0, 3)]),
            Member("a3", A),
        };
        var plan = StreamsPartitionAssignor.Place(tasks, new HashSet<TaskId>(), new Dictionary<TaskId, long>(), members, Config());
        Assert.Equal(4, plan.Active.Values.Sum(a => a.Count));
        Assert.All(plan.Active.Values, a => Assert.InRange(a.Count, 1, 2));
    }
}
