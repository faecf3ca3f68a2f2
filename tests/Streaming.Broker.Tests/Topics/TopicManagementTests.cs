using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Topics;

public sealed class TopicManagementTests : IDisposable
{
    private readonly BrokerHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("orders/eu")]
    [InlineData("café")]
    [InlineData("tab\t")]
    public async Task CreateTopics_InvalidName_ThrowsInvalidTopicAndCreatesNothing(string name)
    {
        using var admin = _h.Admin();
        var ex = await Assert.ThrowsAsync<InvalidTopicException>(() => admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = 1 }]));
        Assert.Equal(ErrorCode.InvalidTopic, ex.Code);
        Assert.Empty(await admin.ListTopicsAsync(includeInternal: true));
    }

    [Fact]
    public async Task CreateTopics_NameOf249Characters_IsAcceptedAnd250IsNot()
    {
        using var admin = _h.Admin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = new string('a', 249) }]);
        var ex = await Assert.ThrowsAsync<InvalidTopicException>(() => admin.CreateTopicsAsync([new TopicSpecification { Name = new string('b', 250) }]));
        Assert.Contains("at most 249", ex.Message);
    }

    [Fact]
    public void InvalidName_MessageNamesTheRuleAndTheCharacter()
    {
        var ex = Assert.Throws<InvalidTopicException>(() => _h.CreateTopic("a b", 1));
        Assert.Contains("'a b'", ex.Message);
        Assert.Contains("[a-zA-Z0-9._-]", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task CreateTopics_NonPositivePartitions_ThrowsInvalidPartitions(int partitions)
    {
        using var admin = _h.Admin();
        await Assert.ThrowsAsync<InvalidPartitionsException>(() => admin.CreateTopicsAsync([new TopicSpecification { Name = "t", NumPartitions = partitions }]));
        Assert.Empty(await admin.ListTopicsAsync());
    }

    [Fact]
    public async Task CreateTopics_Twice_ThrowsTopicAlreadyExists()
    {
        _h.CreateTopic("orders", 2);
        using var admin = _h.Admin();
        await Assert.ThrowsAsync<TopicAlreadyExistsException>(() => admin.CreateTopicsAsync([new TopicSpecification { Name = "orders", NumPartitions = 2 }]));
    }

    [Fact]
    public void CreateTopic_CollidingDotAndUnderscore_IsRefused()
    {
        _h.CreateTopic("a.b", 1);
        var ex = Assert.Throws<InvalidTopicException>(() => _h.CreateTopic("a_b", 1));
        Assert.Contains("collides", ex.Message);
    }

    [Fact]
    public async Task CreateTopics_ReplicationFactorAboveOne_NamesTheKafkaTransport()
    {
        using var admin = _h.Admin();
        var ex = await Assert.ThrowsAsync<InvalidReplicationFactorException>(() => admin.CreateTopicsAsync([new TopicSpecification { Name = "r", ReplicationFactor = 3 }]));
        Assert.Contains("Kafka transport", ex.Message);
    }

    [Fact]
    public async Task CreatePartitions_Raise_AddsPartitionsKeepingData()
    {
        _h.CreateTopic("grow", 2);
        using (var producer = _h.Producer()) await producer.ProduceAsync(new TopicPartition("grow", 1), new Message<string?, string?> { Value = "v" });
        using var admin = _h.Admin();
        await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = "grow", IncreaseTo = 5 }]);
        var description = (await admin.DescribeTopicsAsync(["grow"])).Single();
        Assert.Equal(5, description.Partitions.Count);
        Assert.Equal(1, description.Partitions[1].LogEndOffset.Value);
        Assert.Equal(0, description.Partitions[4].LogEndOffset.Value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task CreatePartitions_LowerOrEqual_ThrowsAndKeepsTheCount(int count)
    {
        _h.CreateTopic("fixed", 3);
        using var admin = _h.Admin();
        var ex = await Assert.ThrowsAsync<InvalidPartitionsException>(() => admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = "fixed", IncreaseTo = count }]));
        Assert.Contains("3 partitions", ex.Message);
        Assert.Equal(3, (await admin.DescribeTopicsAsync(["fixed"])).Single().Partitions.Count);
    }

    [Fact]
    public async Task Topics_SurviveRestart_WithIdPartitionsAndConfigs()
    {
        _h.CreateTopic("kept", 4, new() { ["retention.ms"] = "1000" });
        Guid id;
        using (var admin = _h.Admin()) id = (await admin.DescribeTopicsAsync(["kept"])).Single().TopicId;
        Assert.NotEqual(Guid.Empty, id);

        _h.Restart();
        using var again = _h.Admin();
        var description = (await again.DescribeTopicsAsync(["kept"])).Single();
        Assert.Equal(id, description.TopicId);
        Assert.Equal(4, description.Partitions.Count);
        var retention = (await again.DescribeTopicConfigsAsync("kept")).Single(c => c.Name == "retention.ms");
        Assert.Equal(("1000", false), (retention.Value, retention.IsDefault));
    }

    [Fact]
    public async Task DeleteTopics_RemovesDataAndTheName()
    {
        _h.CreateTopic("gone", 2);
        using (var producer = _h.Producer()) await producer.ProduceAsync("gone", new Message<string?, string?> { Key = "k", Value = "v" });
        using var admin = _h.Admin();
        await admin.DeleteTopicsAsync(["gone"]);
        Assert.DoesNotContain("gone", await admin.ListTopicsAsync());
        Assert.False(Directory.Exists(Path.Combine(_h.DataDirectory, "gone-0")));
        await Assert.ThrowsAsync<UnknownTopicOrPartitionException>(() => admin.DescribeTopicsAsync(["gone"]));
        _h.Restart();
        using var again = _h.Admin();
        Assert.DoesNotContain("gone", await again.ListTopicsAsync());
    }

    [Fact]
    public async Task DeleteTopics_Unknown_ThrowsUnknownTopic()
    {
        using var admin = _h.Admin();
        await Assert.ThrowsAsync<UnknownTopicOrPartitionException>(() => admin.DeleteTopicsAsync(["never"]));
    }

    [Theory]
    [InlineData("compact", true, false)]
    [InlineData("compact,delete", true, true)]
    [InlineData("delete, compact", true, true)]
    [InlineData("delete", false, true)]
    public async Task CreateTopics_CleanupPolicy_IsAcceptedAndApplied(string policy, bool compact, bool delete)
    {
        using var admin = _h.Admin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "c", Configs = new Dictionary<string, string> { ["cleanup.policy"] = policy } }]);
        var config = _h.Broker.Topics.GetPartition(new TopicPartition("c", 0)).Config;
        Assert.Equal((compact, delete), (config.Compact, config.Delete));
        Assert.Equal(policy, (await admin.DescribeTopicConfigsAsync("c")).Single(c => c.Name == "cleanup.policy").Value);
    }

    [Theory]
    [InlineData("tidy")]
    [InlineData("compact,tidy")]
    [InlineData("")]
    public async Task CreateTopics_UnknownCleanupPolicy_IsRejectedClearly(string policy)
    {
        using var admin = _h.Admin();
        var ex = await Assert.ThrowsAsync<InvalidConfigurationException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "c", Configs = new Dictionary<string, string> { ["cleanup.policy"] = policy } }]));
        Assert.Contains("cleanup.policy", ex.Message);
        Assert.Contains("'compact,delete'", ex.Message);
        Assert.Empty(await admin.ListTopicsAsync());
    }

    [Theory]
    [InlineData("retention.ms", "soon", "whole number")]
    [InlineData("retention.ms", "-2", "between -1")]
    [InlineData("segment.bytes", "10", "between 1024")]
    [InlineData("no.such.config", "1", "unknown topic config")]
    public async Task CreateTopics_BadConfig_ThrowsNamingTheKey(string key, string value, string expected)
    {
        using var admin = _h.Admin();
        var ex = await Assert.ThrowsAsync<InvalidConfigurationException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "c", Configs = new Dictionary<string, string> { [key] = value } }]));
        Assert.Contains(key, ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public async Task IncrementalAlterConfigs_SetsAndResetsOnlyNamedKeys()
    {
        _h.CreateTopic("cfg", 1, new() { ["retention.ms"] = "5000", ["segment.bytes"] = "2048" });
        using var admin = _h.Admin();
        await admin.IncrementalAlterTopicConfigsAsync("cfg", new Dictionary<string, string?> { ["retention.ms"] = null, ["max.message.bytes"] = "2000" });
        var configs = (await admin.DescribeTopicConfigsAsync("cfg")).ToDictionary(c => c.Name);
        Assert.True(configs["retention.ms"].IsDefault);
        Assert.Equal("604800000", configs["retention.ms"].Value);
        Assert.Equal("2048", configs["segment.bytes"].Value);
        Assert.Equal("2000", configs["max.message.bytes"].Value);
        await Assert.ThrowsAsync<InvalidConfigurationException>(() => admin.IncrementalAlterTopicConfigsAsync("cfg", new Dictionary<string, string?> { ["cleanup.policy"] = "tidy" }));
        Assert.Equal("delete", (await admin.DescribeTopicConfigsAsync("cfg")).Single(c => c.Name == "cleanup.policy").Value);
        await admin.IncrementalAlterTopicConfigsAsync("cfg", new Dictionary<string, string?> { ["cleanup.policy"] = "compact" });
        Assert.Equal("compact", (await admin.DescribeTopicConfigsAsync("cfg")).Single(c => c.Name == "cleanup.policy").Value);
        Assert.True(_h.Broker.Topics.GetPartition(new TopicPartition("cfg", 0)).Config.Compact);
    }

    [Fact]
    public async Task BrokerDefaults_ApplyToNewTopicsAndShowAsDefaults()
    {
        using var h = new BrokerHarness(o => o.DefaultTopicConfigs["retention.ms"] = "60000");
        h.CreateTopic("d", 1);
        using var admin = h.Admin();
        var entry = (await admin.DescribeTopicConfigsAsync("d")).Single(c => c.Name == "retention.ms");
        Assert.Equal(("60000", true), (entry.Value, entry.IsDefault));
    }

    [Fact]
    public void Open_BadBrokerDefault_Throws()
    {
        using var dir = new TempDirectory();
        var options = new EmbeddedBrokerOptions { DataDirectory = dir.Path };
        options.DefaultTopicConfigs["cleanup.policy"] = "tidy";
        Assert.Throws<InvalidConfigurationException>(() => EmbeddedBroker.Open(options));
        options.DefaultTopicConfigs.Clear();
        using var broker = EmbeddedBroker.Open(options); // the failed open released the lock
    }

    [Fact]
    public async Task ListTopics_HidesInternalTopicsUnlessAsked()
    {
        _h.CreateTopic("__internal", 1);
        _h.CreateTopic("public", 1);
        using var admin = _h.Admin();
        Assert.Equal(["public"], await admin.ListTopicsAsync());
        Assert.Equal(["__internal", "public"], await admin.ListTopicsAsync(includeInternal: true));
    }

    [Fact]
    public async Task AutoCreate_OnFirstProduce_UsesNumPartitions()
    {
        using var h = new BrokerHarness(o => o.DefaultPartitions = 3);
        using (var producer = h.Producer()) await producer.ProduceAsync("auto", new Message<string?, string?> { Value = "x" });
        using var admin = h.Admin();
        Assert.Equal(3, (await admin.DescribeTopicsAsync(["auto"])).Single().Partitions.Count);
    }

    [Fact]
    public async Task AutoCreateOff_ProduceToUnknownTopic_ThrowsUnknownTopic()
    {
        using var h = new BrokerHarness(o => o.AutoCreateTopics = false);
        using var producer = h.Producer();
        var ex = await Assert.ThrowsAsync<UnknownTopicOrPartitionException>(() => producer.ProduceAsync("missing", new Message<string?, string?> { Value = "x" }));
        Assert.Contains("auto.create.topics.enable", ex.Message);
        using var consumer = h.Consumer();
        Assert.Throws<UnknownTopicOrPartitionException>(() => consumer.Assign([new TopicPartition("missing", 0)]));
        using var admin = h.Admin();
        Assert.Empty(await admin.ListTopicsAsync());
    }

    [Fact]
    public async Task Admin_AfterBrokerDispose_ThrowsObjectDisposed()
    {
        var admin = _h.Admin();
        _h.Broker.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => admin.ListTopicsAsync());
        Assert.Throws<ObjectDisposedException>(() => _h.Broker.CreateAdminClient(new AdminClientConfig()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Open_BadDefaultPartitions_Throws(int partitions)
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<InvalidConfigurationException>(() => EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = dir.Path, DefaultPartitions = partitions }));
        Assert.Contains("num.partitions", ex.Message);
    }
}
