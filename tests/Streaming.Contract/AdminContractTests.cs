namespace Streaming.Contract;

/// <summary>What every transport's admin client does with topics, configs and groups.</summary>
public abstract class AdminContractTests(TransportFixture fixture)
{
    protected TransportFixture Fixture { get; } = fixture;

    [Fact]
    public virtual async Task ListTopics_IncludesTheTopicsOfTheCluster()
    {
        string topic = Fixture.NewTopic(3);
        using var admin = Fixture.Transport.CreateAdminClient(new AdminClientConfig());
        var deadline = DateTime.UtcNow + Timeouts.Record;
        IReadOnlyList<string> topics;
        do topics = await admin.ListTopicsAsync();
        while (!topics.Contains(topic) && DateTime.UtcNow < deadline);
        Assert.Contains(topic, topics);
        Assert.DoesNotContain(topics, t => t.StartsWith("__", StringComparison.Ordinal));
    }

    [Fact]
    public virtual async Task CreateDescribeAlterDelete_ATopicsLifeCycle()
    {
        string topic = Fixture.UniqueName("admin");
        using var admin = Fixture.Transport.CreateAdminClient(new AdminClientConfig());
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 2, Configs = new Dictionary<string, string> { ["retention.ms"] = "3600000" } }]);
        await Assert.ThrowsAsync<TopicAlreadyExistsException>(() => admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 2 }]));
        var described = (await admin.DescribeTopicsAsync([topic])).Single();
        Assert.Equal(2, described.Partitions.Count);
        Assert.NotEqual(Guid.Empty, described.TopicId);
        Assert.Equal("3600000", (await admin.DescribeTopicConfigsAsync(topic)).Single(c => c.Name == "retention.ms").Value);
        await admin.IncrementalAlterTopicConfigsAsync(topic, new Dictionary<string, string?> { ["retention.ms"] = "7200000" });
        Assert.Equal("7200000", (await admin.DescribeTopicConfigsAsync(topic)).Single(c => c.Name == "retention.ms").Value);
        await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 3 }]);
        Assert.Equal(3, (await admin.DescribeTopicsAsync([topic])).Single().Partitions.Count);
        await admin.DeleteTopicsAsync([topic]);
        await Assert.ThrowsAsync<UnknownTopicOrPartitionException>(() => admin.DescribeTopicsAsync([topic]));
    }

    [Fact]
    public virtual async Task DeleteRecords_MovesTheLogStartUpAndRefusesOffsetsPastTheEnd()
    {
        string topic = Fixture.NewTopic(2);
        using (var producer = Fixture.Producer())
        {
            for (int i = 0; i < 5; i++) await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<string?, string?> { Value = "v" + i });
            await producer.ProduceAsync(new TopicPartition(topic, 1), new Message<string?, string?> { Value = "w" });
        }
        using var admin = Fixture.Transport.CreateAdminClient(new AdminClientConfig());
        var result = await admin.DeleteRecordsAsync([new TopicPartitionOffset(topic, 0, 3), new TopicPartitionOffset(topic, 1, Offset.End)]);
        Assert.Equal(3, result.Single(r => r.Partition == 0).Offset.Value);
        Assert.Equal(1, result.Single(r => r.Partition == 1).Offset.Value);
        using (var consumer = Fixture.Consumer(new ConsumerConfig { EnableAutoCommit = false }))
        {
            Assert.Equal(3, consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), Timeouts.Record).Low.Value);
            consumer.Assign([new TopicPartitionOffset(topic, 0, Offset.Beginning)]);
            var first = consumer.Consume(Timeouts.Record);
            Assert.NotNull(first);
            Assert.Equal(3, first.Offset.Value);
            Assert.Equal("v3", first.Message.Value);
        }
        // Never back, and never past the end.
        Assert.Equal(3, (await admin.DeleteRecordsAsync([new TopicPartitionOffset(topic, 0, 1)])).Single().Offset.Value);
        await Assert.ThrowsAsync<OffsetOutOfRangeException>(() => admin.DeleteRecordsAsync([new TopicPartitionOffset(topic, 0, 99)]));
    }

    [Fact]
    public virtual async Task ConsumerGroups_ListDescribeOffsetsAndDelete()
    {
        string topic = Fixture.NewTopic(1);
        string group = Fixture.UniqueName("g");
        using (var producer = Fixture.Producer())
        {
            for (int i = 0; i < 3; i++) await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<string?, string?> { Value = "v" });
        }
        using (var consumer = Fixture.Consumer(new ConsumerConfig { GroupId = group, EnableAutoCommit = false }))
        {
            consumer.Assign([new TopicPartition(topic, 0)]);
            consumer.Commit([new TopicPartitionOffset(topic, 0, 1)]);
        }
        using var admin = Fixture.Transport.CreateAdminClient(new AdminClientConfig());
        Assert.Contains(await admin.ListConsumerGroupsAsync(), g => g.GroupId == group);
        var offsets = await admin.ListConsumerGroupOffsetsAsync(group);
        var only = Assert.Single(offsets);
        Assert.Equal(1, only.Committed.Value);
        Assert.Equal(3, only.LogEndOffset.Value);
        Assert.Equal(2, only.Lag);
        var reset = await admin.ResetConsumerGroupOffsetsAsync(group, null, OffsetResetSpec.Latest);
        Assert.Equal(3, reset.Single().Offset.Value);
        await admin.DeleteConsumerGroupAsync(group);
        await Assert.ThrowsAsync<GroupIdNotFoundException>(() => admin.DescribeConsumerGroupAsync(group));
    }
}
