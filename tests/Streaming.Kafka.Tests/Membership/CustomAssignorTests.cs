using System.Diagnostics;
using Streaming.Contract;
using Streaming.Kafka.Consumer;
using Streaming.Kafka.Membership;
using Streaming.Kafka.Tests.Listener;

namespace Streaming.Kafka.Tests.Membership;

/// <summary>
/// Custom assignors on the Kafka transport: the transport runs the group membership itself against the embedded
/// broker's Kafka listener, and assigns its Confluent.Kafka consumers by hand.
/// </summary>
public sealed class CustomAssignorTests(ListenerFixture fixture) : IClassFixture<ListenerFixture>
{
    private ConsumerConfig Config(string group, string clientId, int sessionTimeoutMs = 6000, int maxPollIntervalMs = 300_000) => new()
    {
        GroupId = group,
        ClientId = clientId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        SessionTimeoutMs = sessionTimeoutMs,
        HeartbeatIntervalMs = 300,
        MaxPollIntervalMs = maxPollIntervalMs,
        PartitionAssignmentStrategy = "smallest-id",
    };

    private async Task ProduceAsync(string topic, int partitions, int perPartition)
    {
        using var producer = fixture.Producer();
        for (int p = 0; p < partitions; p++)
            for (int i = 0; i < perPartition; i++) await producer.ProduceAsync(new TopicPartition(topic, p), new Message<string?, string?> { Value = $"p{p}-{i}" });
    }

    [Fact]
    public void Subscribe_SecondMemberJoinsThenLeaves_AssignmentFollowsTheAssignorAndHandlersRunInOrder()
    {
        string topic = fixture.NewTopic(4);
        string group = fixture.UniqueName("g");
        var zAssignor = new SmallestIdAssignor();
        using var z = new GroupMember(fixture.Transport, Config(group, "z-member", sessionTimeoutMs: 30_000), topic, zAssignor);
        z.WaitForAssignment(4, "the only member");
        var (generation1, told1) = zAssignor.Told.Last();
        Assert.Equal(4, told1.Count);
        Assert.Equal(generation1, z.Do(c => c.ConsumerGroupMetadata!.GenerationId));
        Assert.StartsWith("z-member-", z.Do(c => c.MemberId));

        // "a-member" has the smaller id: the assignor moves everything to it.
        var aAssignor = new SmallestIdAssignor();
        var a = new GroupMember(fixture.Transport, Config(group, "a-member", sessionTimeoutMs: 30_000), topic, aAssignor);
        a.WaitForAssignment(4, "the member with the smallest id");
        Timeouts.Until(() => z.Assignment.Count == 0 && z.Events.Count >= 3, Timeouts.Group, "the first member to give its partitions up");
        Assert.Equal(["assigned [0,1,2,3]", "revoked [0,1,2,3]", "assigned []"], z.Events.ToArray());
        Assert.Equal(["assigned [0,1,2,3]"], a.Events.ToArray());
        var (generation2, told2) = zAssignor.Told.Last();
        Assert.True(generation2 > generation1, $"generation {generation2} after {generation1}");
        Assert.Empty(told2);
        Assert.Equal(generation2, aAssignor.Told.Last().Generation);
        Assert.True(zAssignor.AssignCalls >= 2, $"the leader (the older member) ran {zAssignor.AssignCalls} assignments");

        // Close leaves the group: the other member takes over long before the 30 s session timeout.
        var closing = Stopwatch.StartNew();
        a.Dispose();
        z.WaitForAssignment(4, "the remaining member after the other closed");
        Assert.InRange(closing.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(["assigned [0,1,2,3]", "revoked [0,1,2,3]", "assigned []", "assigned [0,1,2,3]"], z.Events.ToArray());
        Assert.Equal(["assigned [0,1,2,3]", "revoked [0,1,2,3]"], a.Events.ToArray()); // Close revokes before leaving
        Assert.Null(z.Error);
        Assert.Null(a.Error);
    }

    [Fact]
    public void Subscribe_AssignorWithUserData_UserDataRoundTripsBothWays()
    {
        string topic = fixture.NewTopic(3);
        string group = fixture.UniqueName("g");
        var config1 = Config(group, "m1");
        config1.PartitionAssignmentStrategy = "tagging";
        var config2 = Config(group, "m2");
        config2.PartitionAssignmentStrategy = "tagging";
        var first = new TaggingAssignor("tag-one");
        var second = new TaggingAssignor("tag-two");
        using var m1 = new GroupMember(fixture.Transport, config1, topic, first);
        m1.WaitForAssignment(3, "the first member");
        using var m2 = new GroupMember(fixture.Transport, config2, topic, second);
        Timeouts.Until(() => m1.Assignment.Count + m2.Assignment.Count == 3 && m1.Assignment.Count > 0 && m2.Assignment.Count > 0, Timeouts.Group, "both members to share");
        Timeouts.Until(() => second.Answers.Count > 0, Timeouts.Group, "the second member's OnAssignment");
        Assert.Equal("seen:tag-one", first.Answers.Last());
        Assert.Equal("seen:tag-two", second.Answers.Last());
        // The leader (m1, the older member) saw both members' data.
        Assert.Contains("tag-two", first.SeenByLeader.Concat(second.SeenByLeader));
        Assert.Equal(2, m1.Assignment.Count); // m1 < m2: partitions 0 and 2
        Assert.Empty(m1.Assignment.Intersect(m2.Assignment));
    }

    [Fact]
    public async Task Commit_WithTheGeneration_LandsAndAStaleGenerationIsRefusedThenThePartitionsAreLost()
    {
        string topic = fixture.NewTopic(2);
        string group = fixture.UniqueName("g");
        await ProduceAsync(topic, 2, 3);
        // z polls with max.poll.interval.ms 7 s (also its rebalance timeout), so a rebalance it sleeps through completes without it.
        using var z = new GroupMember(fixture.Transport, Config(group, "z-member", sessionTimeoutMs: 6000, maxPollIntervalMs: 7000), topic, new SmallestIdAssignor());
        z.WaitForAssignment(2, "the only member");
        Timeouts.Until(() => z.Received.Count == 6, Timeouts.Record, "all six records");
        var offsets = new[] { new TopicPartitionOffset(topic, 0, 3), new TopicPartitionOffset(topic, 1, 2) };
        z.Do(c => c.Commit(offsets));
        // Landing at all proves the generation was sent: the coordinator refuses generation -1 for a group with members.
        Assert.Equal(offsets, z.Do(c => c.Committed(offsets.Select(o => o.TopicPartition), Timeouts.Record)));

        // Park z on its own thread first (it stops polling), then let a-member join: the group moves on without z.
        // Joining before z is parked could let z's last poll see the rebalance and give its partitions up cleanly.
        GroupMember? a = null;
        using var parked = new ManualResetEventSlim();
        var staleTask = Task.Run(() => z.Do(c =>
        {
            parked.Set();
            Timeouts.Until(() => Volatile.Read(ref a) is { } joined && joined.Assignment.Count == 2, Timeouts.Group, "the new member to take every partition");
            return Assert.Throws<CommitFailedException>(() => c.Commit([new TopicPartitionOffset(topic, 0, 1)]));
        }));
        Assert.True(parked.Wait(Timeouts.Group), "z did not take the action");
        Volatile.Write(ref a, new GroupMember(fixture.Transport, Config(group, "a-member"), topic, new SmallestIdAssignor()));
        var stale = await staleTask;
        Assert.Contains("another member", stale.Message);
        Timeouts.Until(() => z.Events.Contains("lost [0,1]"), Timeouts.Group, "the left-behind member's lost handler");
        Assert.DoesNotContain("revoked [0,1]", z.Events);
        Assert.Equal(3, a!.Do(c => c.Committed([new TopicPartition(topic, 0)], Timeouts.Record)).Single().Offset.Value); // the stale commit did not land
        a.Dispose();
    }

    [Fact]
    public async Task ConsumeBatch_CustomAssignor_StartsWhereTheAssignedHandlerSoughtAndCommitsThePositions()
    {
        string topic = fixture.NewTopic(2);
        string group = fixture.UniqueName("g");
        await ProduceAsync(topic, 2, 3);
        var assigned = new List<string>();
        var config = Config(group, "batch");
        config.AutoOffsetReset = AutoOffsetReset.Latest;
        using var consumer = new ConsumerBuilder<string?, string?>(fixture.Transport, config)
            .AddPartitionAssignor(new SmallestIdAssignor())
            .SetPartitionsAssignedHandler((c, p) =>
            {
                assigned.Add(GroupMember.Format(p));
                c.Seek(new TopicPartitionOffset(topic, 1, Offset.Beginning)); // partition 0 starts at the end (latest)
            })
            .Build();
        consumer.Subscribe(topic);
        var read = new List<int>();
        var deadline = DateTime.UtcNow + Timeouts.Group;
        while (read.Count < 3 && DateTime.UtcNow < deadline)
            foreach (var record in consumer.ConsumeBatch(Timeouts.Poll)) read.Add(record.TopicPartition.Partition);
        Assert.Equal([1, 1, 1], read);
        Assert.Equal(["[0,1]"], assigned);
        Assert.Equal(new Offset(3), consumer.Position(new TopicPartition(topic, 1)));
        consumer.ConsumeBatch(TimeSpan.Zero); // coming back: the batch was processed
        var committed = consumer.Commit();
        Assert.Contains(new TopicPartitionOffset(topic, 1, 3), committed);
        Assert.Equal(3, consumer.Committed([new TopicPartition(topic, 1)], Timeouts.Record).Single().Offset.Value);
    }

    [Fact]
    public void Heartbeat_SlowPollingMember_StaysInTheGroupWithItsPartitions()
    {
        string topic = fixture.NewTopic(2);
        string group = fixture.UniqueName("g");
        using var m = new GroupMember(fixture.Transport, Config(group, "slow", sessionTimeoutMs: 6000), topic, new SmallestIdAssignor());
        m.WaitForAssignment(2, "the member");
        int generation = m.Do(c => c.ConsumerGroupMetadata!.GenerationId);
        // Processing that takes 1.5 times the session timeout (the broker's minimum is 6 s, as Kafka's group.min.session.timeout.ms): only the background heartbeat keeps the member alive.
        m.Do(_ => Thread.Sleep(TimeSpan.FromSeconds(9)));
        m.Do(c => c.Consume(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(["assigned [0,1]"], m.Events.ToArray());
        Assert.Equal(generation, m.Do(c => c.ConsumerGroupMetadata!.GenerationId));
        m.Do(c => c.Commit([new TopicPartitionOffset(topic, 0, 0)]));
    }

    [Fact]
    public void Heartbeat_MemberEvictedBySessionTimeout_SeesPartitionsLostAndRejoins()
    {
        string topic = fixture.NewTopic(2);
        string group = fixture.UniqueName("g");
        using var m = new GroupMember(fixture.Transport, Config(group, "evicted", sessionTimeoutMs: 6000), topic, new SmallestIdAssignor());
        m.WaitForAssignment(2, "the member");
        var before = m.Do(c => c.ConsumerGroupMetadata!);
        // As if the network to the coordinator were cut: the member keeps polling, but no heartbeat arrives.
        MembershipOf(m).SuspendHeartbeats = true;
        var describe = fixture.Transport.CreateAdminClient(new AdminClientConfig());
        Timeouts.Until(() => describe.DescribeConsumerGroupAsync(group).GetAwaiter().GetResult().Members.Count == 0, Timeouts.Group, "the coordinator to evict the member");
        MembershipOf(m).SuspendHeartbeats = false;
        Timeouts.Until(() => m.Events.Contains("lost [0,1]") && m.Assignment.Count == 2, Timeouts.Group, "the member to see its partitions lost, then rejoin");
        Assert.Equal(["assigned [0,1]", "lost [0,1]", "assigned [0,1]"], m.Events.ToArray());
        Assert.NotEqual(before.MemberId, m.Do(c => c.MemberId));
        describe.Dispose();
    }

    [Fact]
    public async Task SendOffsetsToTransaction_WithTheMembersMetadata_CommitsAndIsFencedOnceStale()
    {
        string topic = fixture.NewTopic(1);
        string output = fixture.NewTopic(1);
        string group = fixture.UniqueName("g");
        await ProduceAsync(topic, 1, 4);
        using var z = new GroupMember(fixture.Transport, Config(group, "z-member", sessionTimeoutMs: 6000, maxPollIntervalMs: 7000), topic, new SmallestIdAssignor());
        z.WaitForAssignment(1, "the member");
        Timeouts.Until(() => z.Received.Count == 4, Timeouts.Record, "the input records");
        var metadata = z.Do(c => c.ConsumerGroupMetadata!);
        Assert.True(metadata.GenerationId >= 1);
        Assert.StartsWith("z-member-", metadata.MemberId);

        using var producer = fixture.Producer(new ProducerConfig { TransactionalId = fixture.UniqueName("tx"), LingerMs = 0 });
        producer.InitTransactions(Timeouts.Record);
        producer.BeginTransaction();
        producer.Produce(output, new Message<string?, string?> { Value = "out" });
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(topic, 0, 4)], metadata, Timeouts.Record);
        producer.CommitTransaction(Timeouts.Record);
        Assert.Equal(4, z.Do(c => c.Committed([new TopicPartition(topic, 0)], Timeouts.Record)).Single().Offset.Value);

        // A new member takes the partition while z sleeps: z's metadata is stale and the coordinator fences it.
        using var a = new GroupMember(fixture.Transport, Config(group, "a-member"), topic, new SmallestIdAssignor());
        z.Do(_ => Timeouts.Until(() => a.Assignment.Count == 1, Timeouts.Group, "the new member to take the partition"));
        producer.BeginTransaction();
        var fenced = Assert.ThrowsAny<StreamingException>(() =>
        {
            producer.SendOffsetsToTransaction([new TopicPartitionOffset(topic, 0, 1)], metadata, Timeouts.Record);
            producer.CommitTransaction(Timeouts.Record);
        });
        Assert.True(fenced is CommitFailedException or TransactionAbortableException, $"{fenced.GetType().Name}: {fenced.Message}");
        producer.AbortTransaction(Timeouts.Record);
        Assert.Equal(4, a.Do(c => c.Committed([new TopicPartition(topic, 0)], Timeouts.Record)).Single().Offset.Value);
    }

    [Fact]
    public void Consume_CoordinatorUnreachable_TimesOutWithATypedErrorInsteadOfHanging()
    {
        var config = Config(fixture.UniqueName("g"), "lonely");
        config.BootstrapServers = "127.0.0.1:1"; // nothing listens there
        config.Set("default.api.timeout.ms", "1500");
        config.Set("request.timeout.ms", "500");
        using var consumer = new ConsumerBuilder<string?, string?>(fixture.Transport, config).AddPartitionAssignor(new SmallestIdAssignor()).Build();
        consumer.Subscribe("t");
        var watch = Stopwatch.StartNew();
        StreamingException? error = null;
        while (error is null && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                consumer.Consume(TimeSpan.FromMilliseconds(200));
            }
            catch (StreamingException ex)
            {
                error = ex;
            }
        }
        var timeout = Assert.IsType<TimeoutException>(error);
        Assert.Contains("127.0.0.1:1", timeout.Message);
        Assert.True(timeout.IsRetriable);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6));

        watch.Restart();
        Assert.Throws<TimeoutException>(() => consumer.Committed([new TopicPartition("t", 0)], TimeSpan.FromSeconds(1)));
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
    }

    /// <summary>The group-membership client inside a member's Kafka consumer (for the heartbeat test hook).</summary>
    private static GroupMembership MembershipOf(GroupMember member) => ((KafkaConsumer<string?, string?>)member.Consumer!).Membership!;
}
