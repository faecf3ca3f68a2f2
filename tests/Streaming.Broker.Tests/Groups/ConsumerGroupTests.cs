using Microsoft.Extensions.Time.Testing;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Groups;

public sealed class ConsumerGroupTests : IDisposable
{
    private readonly BrokerHarness _h;
    private readonly List<PollingConsumer> _consumers = [];

    public ConsumerGroupTests() => _h = new BrokerHarness(GroupOptions);

    internal static void GroupOptions(EmbeddedBrokerOptions o)
    {
        o.GroupInitialRebalanceDelay = TimeSpan.Zero;
        o.GroupMinSessionTimeout = TimeSpan.FromMilliseconds(100);
        o.OffsetsTopicPartitions = 3;
    }

    public void Dispose()
    {
        foreach (var c in _consumers) c.Dispose();
        _h.Dispose();
    }

    internal static ConsumerConfig Config(string group, string? strategy = null, string? instance = null) => new()
    {
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        SessionTimeoutMs = 10_000,
        HeartbeatIntervalMs = 100,
        PartitionAssignmentStrategy = strategy,
        GroupInstanceId = instance,
    };

    private PollingConsumer Start(ConsumerConfig config, params string[] topics) => Start(config, null, int.MaxValue, topics);

    private PollingConsumer Start(ConsumerConfig config, Action<IConsumer<string, string>, ConsumeResult<string, string>>? onRecord, int crashAfter, params string[] topics)
    {
        var pc = new PollingConsumer(self => new ConsumerBuilder<string, string>(_h.Broker, config)
                .SetPartitionsAssignedHandler((_, p) => self.Assigned.Enqueue(p))
                .SetPartitionsRevokedHandler((_, p) => self.Revoked.Enqueue(p))
                .SetPartitionsLostHandler((_, p) => self.Lost.Enqueue(p))
                .Build(),
            c => c.Subscribe(topics), onRecord, crashAfter);
        _consumers.Add(pc);
        return pc;
    }

    private async Task ProduceAsync(string topic, int count, string prefix = "v")
    {
        using var producer = _h.Producer();
        for (int i = 0; i < count; i++)
            producer.Produce(topic, new Message<string?, string?> { Key = $"k{i}", Value = $"{prefix}{i}" });
        await Task.Run(() => Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(20))));
    }

    /// <summary>Every partition owned by exactly one of the members, and the group stable.</summary>
    /// <summary>
    /// Every partition owned by exactly one member, the group stable, and what each member holds equal to what the
    /// coordinator last handed out (so a member that has not polled since the last rebalance does not count as settled).
    /// </summary>
    private bool Settled(string group, int partitions, IReadOnlyList<PollingConsumer> members, string topic = "t")
    {
        var owned = members.SelectMany(m => m.Assignment).ToList();
        if (owned.Count != partitions || owned.Distinct().Count() != partitions) return false;
        if (!owned.All(tp => tp.Topic == topic && tp.Partition < partitions)) return false;
        using var admin = _h.Admin();
        var d = admin.DescribeConsumerGroupAsync(group).GetAwaiter().GetResult();
        if (d.State != ConsumerGroupState.Stable || d.Members.Count != members.Count) return false;
        var handedOut = d.Members.Select(m => m.Assignment.OrderBy(tp => tp.Partition).ToArray()).ToList();
        return members.All(m => handedOut.Any(h => h.SequenceEqual(m.Assignment.OrderBy(tp => tp.Partition))))
               && handedOut.Sum(h => h.Length) == partitions;
    }

    [Theory]
    [InlineData(1, "range")]
    [InlineData(2, "range")]
    [InlineData(3, "roundrobin")]
    [InlineData(4, "cooperative-sticky")]
    [InlineData(6, "range")]
    public void Subscribe_NMembers_ShareEveryPartitionExactlyOnce(int members, string strategy)
    {
        _h.CreateTopic("t", 6);
        var group = Enumerable.Range(0, members).Select(_ => Start(Config("g", strategy), "t")).ToList();
        Assert.True(PollingConsumer.WaitUntil(() => Settled("g", 6, group)), Describe(group));
        Assert.All(group, m => Assert.Null(m.Error));
        // Balanced: counts differ by at most one.
        var counts = group.Select(m => m.Assignment.Count).ToArray();
        Assert.True(counts.Max() - counts.Min() <= 1, string.Join(",", counts));
    }

    [Fact]
    public void MoreMembersThanPartitions_ExtrasIdleAndTakeOverWhenAnOwnerLeaves()
    {
        _h.CreateTopic("t", 3);
        var group = Enumerable.Range(0, 5).Select(_ => Start(Config("invoice-emails"), "t")).ToList();
        Assert.True(PollingConsumer.WaitUntil(() => Settled("invoice-emails", 3, group)), Describe(group));
        Assert.Equal(2, group.Count(m => m.Assignment.Count == 0));

        var owner = group.First(m => m.Assignment.Count > 0);
        owner.Dispose(); // closes: leaves the group
        group.Remove(owner);
        _consumers.Remove(owner);
        Assert.True(PollingConsumer.WaitUntil(() => Settled("invoice-emails", 3, group)), Describe(group));
        Assert.Equal(1, group.Count(m => m.Assignment.Count == 0));
    }

    [Fact]
    public async Task TwoGroups_EachReceiveEveryRecord_FiveMembersShareTheWork()
    {
        _h.CreateTopic("t", 3);
        var emails = Enumerable.Range(0, 5).Select(_ => Start(Config("invoice-emails"), "t")).ToList();
        var analytics = Start(Config("sales-analytics"), "t");
        Assert.True(PollingConsumer.WaitUntil(() => Settled("invoice-emails", 3, emails) && Settled("sales-analytics", 3, [analytics])));
        await ProduceAsync("t", 300);
        Assert.True(PollingConsumer.WaitUntil(() => emails.Sum(m => m.Received.Count) >= 300 && analytics.Received.Count >= 300));
        var shared = emails.SelectMany(m => m.Received).Select(r => r.Message.Value).ToList();
        Assert.Equal(300, shared.Count);
        Assert.Equal(300, shared.Distinct().Count());
        Assert.Equal(300, analytics.Received.Select(r => r.Message.Value).Distinct().Count());
        Assert.True(emails.Count(m => !m.Received.IsEmpty) >= 3); // the work was spread
    }

    [Fact]
    public async Task AtLeastOnce_CrashWithoutCommit_RedeliversFromLastCommitNeverLoses()
    {
        _h.CreateTopic("t", 1);
        await ProduceAsync("t", 50);
        var config = Config("g");
        config.AutoCommitIntervalMs = 600_000; // only explicit commits in this test
        // Processes 0..9 and commits, then 10..14, and dies before committing those.
        var first = Start(config, (c, r) => { if (r.Offset.Value == 9) c.Commit(); }, 15, "t");
        Assert.True(PollingConsumer.WaitUntil(() => first.Stopped));
        Assert.Null(first.Error);
        Assert.Equal(15, first.Received.Count);
        _consumers.Remove(first);
        _h.Broker.Groups.Leave("g", _h.Broker.Groups.Groups.Single(g => g.GroupId == "g").Members.Keys.Single(), null); // the broker notices the death

        Assert.Equal(10, _h.Broker.Groups.Offsets.Get("g", new TopicPartition("t", 0))?.Offset);
        var second = Start(Config("g"), "t");
        Assert.True(PollingConsumer.WaitUntil(() => second.Received.Count >= 40));
        Assert.Equal(10, second.Received.First().Offset.Value); // redelivered from the last commit
        var all = first.Received.Select(r => r.Offset.Value).Concat(second.Received.Select(r => r.Offset.Value)).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), all.Order()); // nothing lost
    }

    [Fact]
    public async Task AtMostOnce_NeverRedeliversAndLosesAtMostWhatWasFetched()
    {
        _h.CreateTopic("t", 1);
        using (var producer = _h.Producer()) // one batch per record, so a small fetch holds a few of them
            for (int i = 0; i < 50; i++) await producer.ProduceAsync("t", new Message<string?, string?> { Key = $"k{i}", Value = $"v{i}" });
        var config = Config("g");
        config.DeliveryGuarantee = DeliveryGuarantee.AtMostOnce;
        config.MaxPartitionFetchBytes = 400; // a handful of records per fetch
        var first = Start(config, null, 12, "t"); // dies after handing out 12 records
        Assert.True(PollingConsumer.WaitUntil(() => first.Stopped));
        Assert.Null(first.Error);
        _consumers.Remove(first);
        _h.Broker.Groups.Leave("g", _h.Broker.Groups.Groups.Single(g => g.GroupId == "g").Members.Keys.Single(), null);
        long committed = _h.Broker.Groups.Offsets.Get("g", new TopicPartition("t", 0))!.Value.Offset;
        Assert.True(committed < 50, $"committed {committed}, first received {first.Received.Count}: {string.Join(",", first.Received.Select(r => r.Offset.Value))}");

        var second = Start(config, "t");
        Assert.True(PollingConsumer.WaitUntil(() => second.Received.Count >= 50 - committed));
        var firstOffsets = first.Received.Select(r => r.Offset.Value).ToHashSet();
        Assert.DoesNotContain(second.Received, r => firstOffsets.Contains(r.Offset.Value)); // never redelivered
        Assert.Equal(committed, second.Received.First().Offset.Value);
        long lost = committed - firstOffsets.Count;
        Assert.InRange(lost, 0, 12); // only what the crashed member had fetched but not handed out
    }

    [Fact]
    public void CooperativeSticky_ThirdMemberJoins_OnlyMovedPartitionsAreRevoked()
    {
        _h.CreateTopic("t", 6);
        var a = Start(Config("g", "cooperative-sticky"), "t");
        var b = Start(Config("g", "cooperative-sticky"), "t");
        Assert.True(PollingConsumer.WaitUntil(() => Settled("g", 6, [a, b])));
        var beforeA = a.Assignment.ToHashSet();
        var beforeB = b.Assignment.ToHashSet();
        a.Revoked.Clear();
        b.Revoked.Clear();

        var c = Start(Config("g", "cooperative-sticky"), "t");
        Assert.True(PollingConsumer.WaitUntil(() => Settled("g", 6, [a, b, c])), Describe([a, b, c]));
        var moved = c.Assignment.ToHashSet();
        Assert.Equal(2, moved.Count);
        var revokedA = a.Revoked.SelectMany(p => p).ToHashSet();
        var revokedB = b.Revoked.SelectMany(p => p).ToHashSet();
        Assert.True(beforeA.Intersect(moved).ToHashSet().SetEquals(revokedA), "A revoked exactly what moved away from it");
        Assert.True(beforeB.Intersect(moved).ToHashSet().SetEquals(revokedB), "B revoked exactly what moved away from it");
        Assert.True(beforeA.Except(moved).ToHashSet().SetEquals(a.Assignment), "A kept everything else");
        Assert.True(beforeB.Except(moved).ToHashSet().SetEquals(b.Assignment), "B kept everything else");
    }

    [Fact]
    public async Task TopicGainsPartitions_GroupRebalancesOntoThem()
    {
        _h.CreateTopic("t", 2);
        var a = Start(Config("g"), "t");
        var b = Start(Config("g"), "t");
        Assert.True(PollingConsumer.WaitUntil(() => Settled("g", 2, [a, b])));
        using (var admin = _h.Admin()) await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = "t", IncreaseTo = 4 }]);
        Assert.True(PollingConsumer.WaitUntil(() => Settled("g", 4, [a, b])), Describe([a, b]));
    }

    [Fact]
    public async Task CommittedOffsets_SurviveABrokerRestart()
    {
        _h.CreateTopic("t", 2);
        await ProduceAsync("t", 20);
        using (var consumer = new ConsumerBuilder<string, string>(_h.Broker, Config("g")).Build())
        {
            consumer.Assign([new TopicPartition("t", 0), new TopicPartition("t", 1)]);
            consumer.Commit([new TopicPartitionOffset("t", 0, 3), new TopicPartitionOffset("t", 1, 7)]);
        }
        _h.Restart();
        using var again = new ConsumerBuilder<string, string>(_h.Broker, Config("g")).Build();
        var committed = again.Committed([new TopicPartition("t", 0), new TopicPartition("t", 1), new TopicPartition("t", 5)], TimeSpan.FromSeconds(1));
        Assert.Equal([3L, 7L, Offset.Unset.Value], committed.Select(c => c.Offset.Value));
        again.Subscribe("t");
        var first = again.Consume(TimeSpan.FromSeconds(10))!;
        Assert.Equal(first.Partition == 0 ? 3 : 7, first.Offset.Value);
    }

    [Fact]
    public void StaticMember_RestartWithinSessionTimeout_KeepsAssignmentWithoutRebalance()
    {
        _h.CreateTopic("t", 4);
        var a = Start(Config("g", instance: "worker-a"), "t");
        var b = Start(Config("g", instance: "worker-b"), "t");
        Assert.True(PollingConsumer.WaitUntil(() => Settled("g", 4, [a, b])));
        var group = _h.Broker.Groups.Groups.Single(g => g.GroupId == "g");
        int generation = group.Generation;
        var owned = a.Assignment.ToHashSet();

        a.Dispose(); // a static member's close does not leave the group
        _consumers.Remove(a);
        Assert.True(group.Members.Count == 2, string.Join("; ", group.Members.Values.Select(m => $"{m.MemberId} {m.InstanceId}")));
        var a2 = Start(Config("g", instance: "worker-a"), "t");
        Assert.True(PollingConsumer.WaitUntil(() => a2.Assignment.Count == owned.Count));
        Assert.Equal(owned, a2.Assignment.ToHashSet());
        Assert.Equal(generation, group.Generation);
    }

    [Fact]
    public void CustomAssignor_UserDataRoundTripsThroughThePlugIn()
    {
        _h.CreateTopic("t", 4);
        var assignor = new RecordingAssignor();
        var pcs = Enumerable.Range(0, 2).Select(i => new PollingConsumer(
            _ => new ConsumerBuilder<string, string>(_h.Broker, Config("g", "recording")).AddPartitionAssignor(assignor).Build(),
            c => c.Subscribe("t"))).ToList();
        _consumers.AddRange(pcs);
        Assert.True(PollingConsumer.WaitUntil(() => Settled("g", 4, pcs)), Describe(pcs));
        Assert.Equal(2, assignor.SeenUserData.Count);
        Assert.All(assignor.SeenUserData, d => Assert.StartsWith("member-data:", d));
        Assert.Contains(assignor.ReceivedAssignmentData, d => d.StartsWith("for:", StringComparison.Ordinal));
        Assert.Equal("recording", _h.Broker.Groups.Groups.Single(g => g.GroupId == "g").Protocol);
    }

    [Fact]
    public async Task Commit_StaleGeneration_ThrowsCommitFailed()
    {
        _h.CreateTopic("t", 2);
        await ProduceAsync("t", 4);
        var a = Start(Config("g"), "t");
        Assert.True(PollingConsumer.WaitUntil(() => Settled("g", 2, [a])));
        int generation = _h.Broker.Groups.Groups.Single(g => g.GroupId == "g").Generation;
        string member = _h.Broker.Groups.Groups.Single(g => g.GroupId == "g").Members.Keys.Single();
        var b = Start(Config("g"), "t");
        Assert.True(PollingConsumer.WaitUntil(() => Settled("g", 2, [a, b])));
        var ex = await Assert.ThrowsAsync<GroupMembershipException>(() => _h.Broker.Groups.CommitOffsetsAsync("g", generation, member, null, [(new TopicPartition("t", 0), 1L, null)]));
        Assert.Equal(ErrorCode.IllegalGeneration, ex.Code);
        var unknown = await Assert.ThrowsAsync<GroupMembershipException>(() => _h.Broker.Groups.CommitOffsetsAsync("g", generation + 1, "nobody", null, [(new TopicPartition("t", 0), 1L, null)]));
        Assert.Equal(ErrorCode.UnknownMemberId, unknown.Code);
        Assert.Equal(ErrorCode.UnknownMemberId, _h.Broker.Groups.Heartbeat("g", generation + 1, "nobody", null));
        var outsider = await Assert.ThrowsAsync<GroupMembershipException>(() => _h.Broker.Groups.CommitOffsetsAsync("g", -1, "", null, [(new TopicPartition("t", 0), 1L, null)]));
        Assert.Contains("active members", outsider.Message);
    }

    [Fact]
    public void Commit_PartitionNotOwned_IsRefusedByTheClient()
    {
        _h.CreateTopic("t", 2);
        var a = Start(Config("g"), "t");
        var b = Start(Config("g"), "t");
        Assert.True(PollingConsumer.WaitUntil(() => Settled("g", 2, [a, b])));
        var notMine = b.Assignment.Single();
        Exception? error = null;
        var done = new ManualResetEventSlim();
        a.Post(c =>
        {
            error = Record.Exception(() => c.Commit([new TopicPartitionOffset(notMine, 0)]));
            done.Set();
        });
        Assert.True(done.Wait(TimeSpan.FromSeconds(10)));
        Assert.IsType<InvalidStateException>(error);
        Assert.Contains("not assigned", error!.Message);
    }

    [Fact]
    public void BadInput_GivesClearErrors()
    {
        _h.CreateTopic("t", 1);
        using var noGroup = new ConsumerBuilder<string, string>(_h.Broker, new ConsumerConfig()).Build();
        Assert.Contains("group.id", Assert.Throws<InvalidConfigurationException>(() => noGroup.Subscribe("t")).Message);
        using var consumer = new ConsumerBuilder<string, string>(_h.Broker, Config("g")).Build();
        Assert.Contains("matches no topic", Assert.Throws<UnknownTopicOrPartitionException>(() => consumer.Subscribe("^nothing-.*")).Message);
        Assert.Throws<ArgumentException>(() => consumer.Subscribe("^(unclosed"));
        consumer.Subscribe("t");
        Assert.Throws<InvalidStateException>(() => consumer.Assign([new TopicPartition("t", 0)]));
        Assert.Contains("enable.auto.commit", Assert.Throws<InvalidConfigurationException>(() => new ConsumerBuilder<string, string>(_h.Broker,
            new ConsumerConfig { GroupId = "x", DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce, EnableAutoCommit = true }).Build()).Message);
        Assert.Contains("isolation.level", Assert.Throws<InvalidConfigurationException>(() => new ConsumerBuilder<string, string>(_h.Broker,
            new ConsumerConfig { GroupId = "x", DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce, IsolationLevel = IsolationLevel.ReadUncommitted }).Build()).Message);
        Assert.Contains("transactional.id", Assert.Throws<InvalidConfigurationException>(() => new ProducerBuilder<string, string>(_h.Broker,
            new ProducerConfig { DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce }).Build()).Message);
        Assert.Throws<InvalidConfigurationException>(() => new ConsumerBuilder<string, string>(_h.Broker, new ConsumerConfig { GroupId = "x", PartitionAssignmentStrategy = "fastest" }).Build());
        Assert.Throws<InvalidGroupIdException>(() => { _ = _h.Broker.Groups.JoinAsync(" ", "", null, "client", "host", "consumer", [("range", [])], 10_000, 10_000); });
        Assert.Throws<InvalidSessionTimeoutException>(() => { _ = _h.Broker.Groups.JoinAsync("g2", "", null, "client", "host", "consumer", [("range", [])], 1, 10_000); });
    }

    [Fact]
    public async Task Admin_ListDescribeOffsetsLagResetAndDelete()
    {
        _h.CreateTopic("t", 2);
        await ProduceAsync("t", 40);
        var a = Start(Config("g"), "t");
        Assert.True(PollingConsumer.WaitUntil(() => Settled("g", 2, [a]) && a.Received.Count >= 10));
        a.Post(c => c.Commit());
        Assert.True(PollingConsumer.WaitUntil(() => _h.Broker.Groups.Offsets.GetAll("g").Count == 2));
        using var admin = _h.Admin();

        var listing = Assert.Single(await admin.ListConsumerGroupsAsync());
        Assert.Equal(("g", ConsumerGroupState.Stable, "consumer"), (listing.GroupId, listing.State, listing.ProtocolType));
        var description = await admin.DescribeConsumerGroupAsync("g");
        Assert.Equal("range", description.Protocol);
        var member = Assert.Single(description.Members);
        Assert.Equal(2, member.Assignment.Count);
        Assert.Equal("in-process", member.Host);
        Assert.All(await admin.ListConsumerGroupOffsetsAsync("g"), o => Assert.Equal(o.LogEndOffset.Value - o.Committed.Value, o.Lag));

        await Assert.ThrowsAsync<GroupNotEmptyException>(() => admin.ResetConsumerGroupOffsetsAsync("g", null, OffsetResetSpec.Earliest));
        await Assert.ThrowsAsync<GroupNotEmptyException>(() => admin.DeleteConsumerGroupAsync("g"));
        a.Dispose();
        _consumers.Remove(a);
        Assert.Equal(ConsumerGroupState.Empty, (await admin.DescribeConsumerGroupAsync("g")).State);

        var before = (await admin.ListConsumerGroupOffsetsAsync("g")).Select(o => o.Committed.Value).ToArray();
        var dry = await admin.ResetConsumerGroupOffsetsAsync("g", null, OffsetResetSpec.Earliest, dryRun: true);
        Assert.All(dry, o => Assert.Equal(0, o.Offset.Value));
        Assert.Equal(before, (await admin.ListConsumerGroupOffsetsAsync("g")).Select(o => o.Committed.Value)); // a dry run changes nothing
        await admin.ResetConsumerGroupOffsetsAsync("g", null, OffsetResetSpec.Latest);
        Assert.All(await admin.ListConsumerGroupOffsetsAsync("g"), o => Assert.Equal(0, o.Lag));
        await admin.ResetConsumerGroupOffsetsAsync("g", [new TopicPartition("t", 0)], OffsetResetSpec.ToOffset(2));
        Assert.Equal(2, (await admin.ListConsumerGroupOffsetsAsync("g")).Single(o => o.TopicPartition.Partition == 0).Committed.Value);

        await admin.DeleteConsumerGroupAsync("g");
        Assert.Empty(await admin.ListConsumerGroupsAsync());
        await Assert.ThrowsAsync<GroupIdNotFoundException>(() => admin.DescribeConsumerGroupAsync("g"));
        _h.Restart();
        using var again = _h.Admin();
        Assert.Empty(await again.ListConsumerGroupsAsync()); // the tombstones made it to disk
    }

    private static string Describe(IEnumerable<PollingConsumer> members)
        => string.Join(" | ", members.Select(m => $"[{string.Join(",", m.Assignment.Select(tp => tp.Partition))}] err={m.Error?.Message}"));

    private sealed class RecordingAssignor : IPartitionAssignor
    {
        private int _members;

        public System.Collections.Concurrent.ConcurrentBag<string> SeenUserData { get; } = [];

        public System.Collections.Concurrent.ConcurrentBag<string> ReceivedAssignmentData { get; } = [];

        public string Name => "recording";

        public RebalanceProtocol Protocol => RebalanceProtocol.Eager;

        public ReadOnlyMemory<byte> GetUserData(IReadOnlyCollection<string> topics, IReadOnlyList<TopicPartition> ownedPartitions)
            => System.Text.Encoding.UTF8.GetBytes($"member-data:{Interlocked.Increment(ref _members)}");

        public IReadOnlyDictionary<string, MemberAssignment> Assign(IReadOnlyDictionary<string, int> partitionCounts, IReadOnlyDictionary<string, GroupSubscription> subscriptions)
        {
            SeenUserData.Clear();
            foreach (var s in subscriptions.Values) SeenUserData.Add(System.Text.Encoding.UTF8.GetString(s.UserData.Span));
            var members = subscriptions.Keys.Order(StringComparer.Ordinal).ToArray();
            var result = members.ToDictionary(m => m, _ => new List<TopicPartition>());
            int i = 0;
            foreach (var (topic, count) in partitionCounts)
                for (int p = 0; p < count; p++) result[members[i++ % members.Length]].Add(new TopicPartition(topic, p));
            return result.ToDictionary(kv => kv.Key, kv => new MemberAssignment(kv.Value, System.Text.Encoding.UTF8.GetBytes($"for:{kv.Key}")));
        }

        public void OnAssignment(MemberAssignment assignment, int generation)
            => ReceivedAssignmentData.Add(System.Text.Encoding.UTF8.GetString(assignment.UserData.Span));
    }
}
