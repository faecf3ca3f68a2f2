namespace Streaming.Contract;

/// <summary>What every transport's consumer groups do: share partitions, tell the handlers, commit and resume.</summary>
public abstract class GroupContractTests(TransportFixture fixture)
{
    protected TransportFixture Fixture { get; } = fixture;

    /// <summary>A group member's configuration: short session and heartbeat, so rebalances are quick.</summary>
    protected virtual ConsumerConfig GroupConfig(string group) => new()
    {
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 300,
    };

    private async Task ProduceAsync(string topic, int partition, int count, int from = 0)
    {
        using var producer = Fixture.Producer();
        for (int i = from; i < from + count; i++) await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<string?, string?> { Value = $"v{i}" });
    }

    private static ConsumeResult<string?, string?> Next(IConsumer<string?, string?> consumer)
    {
        var deadline = DateTime.UtcNow + Timeouts.Group;
        while (DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(Timeouts.Poll);
            if (r is not null && !r.IsPartitionEOF) return r;
        }
        throw new Xunit.Sdk.XunitException("no record arrived");
    }

    [Fact]
    public virtual void Subscribe_SecondMemberJoins_PartitionsAreSharedOnceAndHandlersSeeIt()
    {
        string topic = Fixture.NewTopic(4);
        string group = Fixture.UniqueName("g");
        using var first = new GroupMember(Fixture.Transport, GroupConfig(group), topic);
        Timeouts.Until(() => first.Assignment.Count == 4, Timeouts.Group, "the first member to get all 4 partitions");
        Assert.Equal(4, first.Assigned.SelectMany(p => p).Distinct().Count());

        using var second = new GroupMember(Fixture.Transport, GroupConfig(group), topic);
        Timeouts.Until(() => first.Assignment.Count > 0 && second.Assignment.Count > 0 && first.Assignment.Count + second.Assignment.Count == 4,
            Timeouts.Group, "both members to share the 4 partitions");
        Assert.Empty(first.Assignment.Intersect(second.Assignment));
        Assert.NotEmpty(first.Revoked);
        Assert.Null(first.Error);
        Assert.Null(second.Error);
    }

    [Fact]
    public virtual async Task Commit_ThenANewMemberOfTheGroup_ResumesAfterTheCommittedOffset()
    {
        string topic = Fixture.NewTopic(1);
        string group = Fixture.UniqueName("g");
        var tp = new TopicPartition(topic, 0);
        await ProduceAsync(topic, 0, 5);
        using (var consumer = Fixture.Consumer(GroupConfig(group)))
        {
            consumer.Subscribe(topic);
            for (int i = 0; i < 3; i++) Assert.Equal(i, Next(consumer).Offset.Value);
            var committed = consumer.Commit();
            Assert.Equal([new TopicPartitionOffset(tp, 3)], committed);
            Assert.Equal(3, consumer.Committed([tp], Timeouts.Record).Single().Offset.Value);
            Assert.NotNull(consumer.MemberId);
            var metadata = consumer.ConsumerGroupMetadata!;
            Assert.Equal(group, metadata.GroupId);
            Assert.Equal(consumer.MemberId, metadata.MemberId);
            Assert.True(metadata.GenerationId >= 1, $"generation {metadata.GenerationId}");
        }
        var config = GroupConfig(group);
        config.EnableAutoCommit = false;
        using var restarted = Fixture.Consumer(config);
        restarted.Subscribe(topic);
        Assert.Equal("v3", Next(restarted).Message.Value);
    }

    [Fact]
    public virtual async Task AutoCommit_CommitsOnlyWhatTheApplicationCameBackFrom()
    {
        string topic = Fixture.NewTopic(1);
        string group = Fixture.UniqueName("g");
        var tp = new TopicPartition(topic, 0);
        await ProduceAsync(topic, 0, 10);
        var config = GroupConfig(group);
        config.AutoCommitIntervalMs = 0; // commit at every poll
        var consumer = Fixture.Consumer(config);
        consumer.Subscribe(topic);
        var first = Next(consumer);
        Assert.Equal(0, first.Offset.Value);
        // Record 0 is being processed: nothing is committed for it yet.
        Assert.Equal(Offset.Unset, consumer.Committed([tp], Timeouts.Record).Single().Offset);
        Assert.Equal(1, Next(consumer).Offset.Value); // coming back = record 0 is done
        Assert.Equal(1, consumer.Committed([tp], Timeouts.Record).Single().Offset.Value);
        consumer.Close(); // final commit: record 1 was handed out and the application closed after it
        using var check = Fixture.Consumer(new ConsumerConfig { GroupId = group, EnableAutoCommit = false });
        check.Assign([tp]);
        Assert.Equal(2, check.Committed([tp], Timeouts.Record).Single().Offset.Value);
    }

    [Fact]
    public virtual async Task StoreOffset_WithoutAutoStore_CommitsOnlyStoredOffsets()
    {
        string topic = Fixture.NewTopic(1);
        string group = Fixture.UniqueName("g");
        var tp = new TopicPartition(topic, 0);
        await ProduceAsync(topic, 0, 10);
        var config = GroupConfig(group);
        config.AutoCommitIntervalMs = 0;
        config.EnableAutoOffsetStore = false;
        using var consumer = Fixture.Consumer(config);
        consumer.Subscribe(topic);
        var records = Enumerable.Range(0, 5).Select(_ => Next(consumer)).ToList();
        Assert.Equal(Offset.Unset, consumer.Committed([tp], Timeouts.Record).Single().Offset);
        consumer.StoreOffset(records[2]); // processed up to offset 2 (asynchronously, say)
        Next(consumer);
        Assert.Equal(3, consumer.Committed([tp], Timeouts.Record).Single().Offset.Value);
        Assert.Throws<InvalidStateException>(() => consumer.StoreOffset(new TopicPartitionOffset(topic, 5, 1)));
    }

    [Fact]
    public virtual void Commit_PartitionNotOwnedOrWithoutGroup_IsRefusedByTheClient()
    {
        string topic = Fixture.NewTopic(2);
        using var consumer = Fixture.Consumer(GroupConfig(Fixture.UniqueName("g")));
        consumer.Assign([new TopicPartition(topic, 0)]);
        Assert.Throws<InvalidStateException>(() => consumer.Commit([new TopicPartitionOffset(topic, 1, 1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => consumer.Commit([new TopicPartitionOffset(topic, 0, Offset.End)]));
        Assert.Throws<InvalidStateException>(() => consumer.Subscribe(topic));
        using var groupless = Fixture.Consumer();
        groupless.Assign([new TopicPartition(topic, 0)]);
        Assert.Contains("group.id", Assert.Throws<InvalidConfigurationException>(() => groupless.Commit([new TopicPartitionOffset(topic, 0, 1)])).Message);
        groupless.Unassign();
        Assert.Contains("group.id", Assert.Throws<InvalidConfigurationException>(() => groupless.Subscribe(topic)).Message);
    }
}
