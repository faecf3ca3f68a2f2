using Streaming.Streams.State;

namespace Streaming.Streams.Tests.Runtime;

/// <summary>Joins on the embedded broker: the runtime's co-partitioning check, global stores and the foreign-key join's internal topics.</summary>
public sealed class JoinRuntimeTests : IDisposable
{
    private readonly BrokerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private StreamsConfig Config(string app, ProcessingGuarantee guarantee = ProcessingGuarantee.AtLeastOnce) => new()
    {
        ApplicationId = app,
        StateDirectory = _fixture.NewStateDirectory(),
        ProcessingGuarantee = guarantee,
        CommitInterval = TimeSpan.FromMilliseconds(100),
        DefaultDslStore = StoreType.RocksDb,
    };

    [Fact]
    public async Task A_stream_table_join_over_topics_with_different_partition_counts_fails_at_start_naming_them()
    {
        _fixture.CreateTopic("clicks", 3);
        _fixture.CreateTopic("users", 2);
        _fixture.CreateTopic("enriched", 3);
        var builder = new StreamsBuilder(Config("copart"));
        builder.Stream<string, string>("clicks").Join(builder.Table<string, string>("users"), (c, u) => c + "@" + u).To("enriched");
        await using var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
        var ex = await Assert.ThrowsAnyAsync<StreamingException>(() => streams.StartAsync());
        Assert.Contains("clicks", ex.Message);
        Assert.Contains("users", ex.Message);
        Assert.Contains("3", ex.Message);
        Assert.Contains("2", ex.Message);
    }

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    public async Task Stream_table_and_global_table_joins_run_end_to_end(ProcessingGuarantee guarantee)
    {
        _fixture.CreateTopic("clicks", 2);
        _fixture.CreateTopic("users", 2);
        _fixture.CreateTopic("regions", 1);
        _fixture.CreateTopic("enriched", 2);
        // The table and the global table are filled before the application starts: restored on start.
        _fixture.Produce("users", Enumerable.Range(0, 50).Select(i => ("u" + i, "name" + i, 10L)));
        _fixture.Produce("regions", Enumerable.Range(0, 5).Select(i => ("r" + i, "region" + i, 10L)));
        var builder = new StreamsBuilder(Config("joins-" + guarantee, guarantee));
        var users = builder.Table<string, string>("users", materialized: Materialized<string, string>.As("users-store"));
        var regions = builder.GlobalTable<string, string>("regions", materialized: Materialized<string, string>.As("regions-store"));
        builder.Stream<string, string>("clicks")
            .Join(users, (page, name) => page + "|" + name)
            .Join(regions, (user, value) => "r" + (int.Parse(user[1..]) % 5), (value, region) => value + "|" + region)
            .To("enriched");
        await using var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
        await streams.StartAsync();
        await streams.WaitForStateAsync(KafkaStreamsState.Running, TimeSpan.FromSeconds(30));
        // Table updates arrive in their own partitions; give the tasks a moment to read them before the clicks.
        await BrokerFixture.WaitUntilAsync(() => streams.KeyValueStore<string, string>("users-store").ApproximateNumEntries == 50, TimeSpan.FromSeconds(30), "the users table");
        Assert.True(streams.KeyValueStore<string, string>("regions-store").TryGet("r3", out string? region3) && region3 == "region3");
        // A global store's key is on every instance: no routing needed, and the metadata says so.
        Assert.Throws<InvalidOperationException>(() => streams.QueryMetadataForKey("regions-store", "r3", Serializers.Utf8));

        _fixture.Produce("clicks", Enumerable.Range(0, 100).Select(i => ("u" + (i % 60), "page" + i, 1000L + i)));
        var expected = Enumerable.Range(0, 100).Where(i => i % 60 < 50).ToDictionary(i => "page" + i, i => $"page{i}|name{i % 60}|region{i % 60 % 5}");
        await BrokerFixture.WaitUntilAsync(() => _fixture.ReadAll<string, string>("enriched").Count == expected.Count, TimeSpan.FromSeconds(30), "the joined clicks");
        var output = _fixture.ReadAll<string, string>("enriched").Select(r => r.Message.Value).ToList();
        Assert.Equal(expected.Values.Order(), output.Order());

        // A global-table update is seen by later records.
        _fixture.Produce("regions", [("r0", "REGION-ZERO", 20L)]);
        await BrokerFixture.WaitUntilAsync(() => streams.KeyValueStore<string, string>("regions-store").TryGet("r0", out string? r) && r == "REGION-ZERO", TimeSpan.FromSeconds(30), "the global update");
        _fixture.Produce("clicks", [("u5", "late", 5000L)]);
        await BrokerFixture.WaitUntilAsync(() => _fixture.ReadAll<string, string>("enriched").Any(r => r.Message.Value == "late|name5|REGION-ZERO"), TimeSpan.FromSeconds(30), "the join with the updated region");
    }

    [Fact]
    public async Task A_foreign_key_join_runs_end_to_end_with_its_internal_topics()
    {
        _fixture.CreateTopic("orders", 3);
        _fixture.CreateTopic("customers", 2);
        _fixture.CreateTopic("orders-enriched", 3);
        var builder = new StreamsBuilder(Config("fk"));
        var customers = builder.Table<string, string>("customers");
        builder.Table<string, string>("orders")
            .Join(customers, order => order.Split(':')[0], (order, customer) => order + "=" + customer)
            .ToStream()
            .To("orders-enriched");
        _fixture.Produce("customers", Enumerable.Range(0, 10).Select(i => ("c" + i, "Customer" + i, 1L)));
        _fixture.Produce("orders", Enumerable.Range(0, 40).Select(i => ("o" + i, $"c{i % 10}:item{i}", 2L + i)));
        await using var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
        await streams.StartAsync();
        var expected = Enumerable.Range(0, 40).ToDictionary(i => "o" + i, i => $"c{i % 10}:item{i}=Customer{i % 10}");
        await BrokerFixture.WaitUntilAsync(() => Same(expected, _fixture.LatestByKey<string, string>("orders-enriched")), TimeSpan.FromSeconds(60), "the enriched orders");

        // A customer renamed updates every order pointing at it; an order moved to another customer follows it.
        _fixture.Produce("customers", [("c3", "Renamed3", 100L)]);
        _fixture.Produce("orders", [("o0", "c3:item0", 101L)]);
        expected["o0"] = "c3:item0=Renamed3";
        foreach (int i in Enumerable.Range(0, 40).Where(i => i % 10 == 3)) expected["o" + i] = $"c3:item{i}=Renamed3";
        await BrokerFixture.WaitUntilAsync(() => Same(expected, _fixture.LatestByKey<string, string>("orders-enriched")), TimeSpan.FromSeconds(60), "the updated join");

        using IAdminClient admin = _fixture.Broker.CreateAdminClient(new AdminClientConfig());
        var topics = await admin.ListTopicsAsync();
        var registration = topics.Single(t => t.StartsWith("fk-", StringComparison.Ordinal) && t.Contains("subscription-registration", StringComparison.OrdinalIgnoreCase));
        var response = topics.Single(t => t.StartsWith("fk-", StringComparison.Ordinal) && t.Contains("subscription-response", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, (await admin.DescribeTopicsAsync([registration]))[0].Partitions.Count);
        Assert.Equal(3, (await admin.DescribeTopicsAsync([response]))[0].Partitions.Count);
    }

    private static bool Same(Dictionary<string, string> expected, Dictionary<string, string> actual)
        => expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out string? v) && v == e.Value);
}
