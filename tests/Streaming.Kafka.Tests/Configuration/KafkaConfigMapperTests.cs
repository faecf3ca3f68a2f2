using Streaming.Kafka.Configuration;

namespace Streaming.Kafka.Tests.Configuration;

/// <summary>The Java-to-librdkafka mapping, key by key: the defaults written explicitly, and each key's translation.</summary>
public sealed class KafkaConfigMapperTests
{
    private static readonly KafkaTransportOptions Options = new() { BootstrapServers = "127.0.0.1:9092" };

    private static IReadOnlyDictionary<string, string> Producer(params (string Key, string Value)[] settings)
        => KafkaConfigMapper.ToProducer(Options, new ProducerConfig(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))).Librdkafka;

    private static IReadOnlyDictionary<string, string> Consumer(params (string Key, string Value)[] settings)
        => KafkaConfigMapper.ToConsumer(Options, new ConsumerConfig(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))), []).Librdkafka;

    [Theory]
    [InlineData("acks", "all")]
    [InlineData("linger.ms", "5")]
    [InlineData("batch.size", "16384")]
    [InlineData("queue.buffering.max.kbytes", "32768")]
    [InlineData("queue.buffering.max.messages", "2147483647")]
    [InlineData("message.max.bytes", "1048576")]
    [InlineData("compression.type", "none")]
    [InlineData("enable.idempotence", "true")]
    [InlineData("max.in.flight.requests.per.connection", "5")]
    [InlineData("partitioner", "murmur2_random")]
    [InlineData("sticky.partitioning.linger.ms", "10")]
    [InlineData("message.timeout.ms", "120000")]
    [InlineData("bootstrap.servers", "127.0.0.1:9092")]
    public void ToProducer_Defaults_AreKafkasWrittenExplicitly(string librdkafkaKey, string expected)
        => Assert.Equal(expected, Producer()[librdkafkaKey]);

    [Theory]
    [InlineData("acks", "1", "acks", "1")]
    [InlineData("acks", "0", "acks", "0")]
    [InlineData("acks", "-1", "acks", "all")]
    [InlineData("linger.ms", "50", "linger.ms", "50")]
    [InlineData("linger.ms", "50", "sticky.partitioning.linger.ms", "100")]
    [InlineData("batch.size", "65536", "batch.size", "65536")]
    [InlineData("buffer.memory", "1000", "queue.buffering.max.kbytes", "1")]
    [InlineData("buffer.memory", "1048577", "queue.buffering.max.kbytes", "1025")]
    [InlineData("max.request.size", "2000000", "message.max.bytes", "2000000")]
    [InlineData("max.request.size", "10", "message.max.bytes", "1000")]
    [InlineData("compression.type", "zstd", "compression.type", "zstd")]
    [InlineData("compression.type", "lz4", "compression.type", "lz4")]
    [InlineData("enable.idempotence", "false", "enable.idempotence", "false")]
    [InlineData("max.in.flight.requests.per.connection", "3", "max.in.flight.requests.per.connection", "3")]
    [InlineData("delivery.timeout.ms", "30000", "message.timeout.ms", "30000")]
    [InlineData("retries", "7", "retries", "7")]
    [InlineData("client.id", "orders", "client.id", "orders")]
    [InlineData("bootstrap.servers", "10.0.0.1:9092", "bootstrap.servers", "10.0.0.1:9092")]
    [InlineData("socket.keepalive.enable", "true", "socket.keepalive.enable", "true")]
    public void ToProducer_MappedKey_BecomesLibrdkafkas(string javaKey, string value, string librdkafkaKey, string expected)
        => Assert.Equal(expected, Producer((javaKey, value))[librdkafkaKey]);

    [Fact]
    public void ToProducer_AcksBelowAll_TurnsDefaultIdempotenceOff()
        => Assert.Equal("false", Producer(("acks", "1"))["enable.idempotence"]);

    [Fact]
    public void ToProducer_ManyInFlight_TurnsDefaultIdempotenceOff()
        => Assert.Equal("false", Producer(("max.in.flight.requests.per.connection", "10"))["enable.idempotence"]);

    [Fact]
    public void ToProducer_AtMostOnce_IsAcksOneWithoutIdempotenceOrRetries()
    {
        var mapped = Producer(("delivery.guarantee", "at-most-once"));
        Assert.Equal("1", mapped["acks"]);
        Assert.Equal("false", mapped["enable.idempotence"]);
        Assert.Equal("0", mapped["retries"]);
    }

    [Fact]
    public void ToProducer_Transactional_SetsIdTimeoutAndCapsTheDeliveryTimeout()
    {
        var mapped = Producer(("transactional.id", "orders-1"), ("transaction.timeout.ms", "20000"));
        Assert.Equal("orders-1", mapped["transactional.id"]);
        Assert.Equal("20000", mapped["transaction.timeout.ms"]);
        Assert.Equal("20000", mapped["message.timeout.ms"]);
        Assert.Equal("true", mapped["enable.idempotence"]);
        Assert.False(Producer().ContainsKey("transactional.id"));
    }

    [Fact]
    public void ToProducer_FrameworkKeys_AreNotPassedOn()
    {
        var mapped = Producer(("delivery.guarantee", "at-least-once"), ("partitioner.class", "sticky"), ("max.block.ms", "10"), ("buffer.memory", "4096"),
            ("max.request.size", "5000"), ("delivery.timeout.ms", "5000"));
        foreach (var key in new[] { "delivery.guarantee", "partitioner.class", "max.block.ms", "buffer.memory", "max.request.size", "delivery.timeout.ms" })
            Assert.False(mapped.ContainsKey(key), key);
    }

    [Fact]
    public void ToProducer_RoundRobin_IsNotSupported()
        => Assert.Contains("round-robin", Assert.Throws<FeatureNotSupportedException>(() => Producer(("partitioner.class", "round-robin"))).Message);

    [Theory]
    [InlineData("queue.buffering.max.ms", "'linger.ms'")]
    [InlineData("partitioner", "'partitioner.class'")]
    [InlineData("message.timeout.ms", "'delivery.timeout.ms'")]
    [InlineData("request.required.acks", "'acks'")]
    public void ToProducer_LibrdkafkasNameForAMappedKey_IsRefusedPointingToTheJavaKey(string key, string javaKey)
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => Producer((key, "1")));
        Assert.Contains($"'{key}'", ex.Message);
        Assert.Contains(javaKey, ex.Message);
    }

    [Theory]
    [InlineData("auto.offset.reset", "latest")]
    [InlineData("isolation.level", "read_uncommitted")]
    [InlineData("enable.auto.commit", "false")]
    [InlineData("enable.auto.offset.store", "false")]
    [InlineData("session.timeout.ms", "45000")]
    [InlineData("heartbeat.interval.ms", "3000")]
    [InlineData("max.poll.interval.ms", "300000")]
    [InlineData("partition.assignment.strategy", "range")]
    [InlineData("fetch.max.bytes", "52428800")]
    [InlineData("receive.message.max.bytes", "100000000")]
    [InlineData("max.partition.fetch.bytes", "1048576")]
    [InlineData("fetch.wait.max.ms", "500")]
    [InlineData("check.crcs", "true")]
    [InlineData("enable.partition.eof", "false")]
    public void ToConsumer_Defaults_AreKafkasWrittenExplicitly(string librdkafkaKey, string expected)
        => Assert.Equal(expected, Consumer()[librdkafkaKey]);

    [Theory]
    [InlineData("group.id", "billing", "group.id", "billing")]
    [InlineData("group.instance.id", "billing-1", "group.instance.id", "billing-1")]
    [InlineData("client.id", "reader", "client.id", "reader")]
    [InlineData("auto.offset.reset", "earliest", "auto.offset.reset", "earliest")]
    [InlineData("auto.offset.reset", "none", "auto.offset.reset", "error")]
    [InlineData("isolation.level", "read_committed", "isolation.level", "read_committed")]
    [InlineData("delivery.guarantee", "exactly-once", "isolation.level", "read_committed")]
    [InlineData("session.timeout.ms", "10000", "session.timeout.ms", "10000")]
    [InlineData("heartbeat.interval.ms", "1000", "heartbeat.interval.ms", "1000")]
    [InlineData("max.poll.interval.ms", "60000", "max.poll.interval.ms", "60000")]
    [InlineData("partition.assignment.strategy", "roundrobin", "partition.assignment.strategy", "roundrobin")]
    [InlineData("partition.assignment.strategy", "cooperative-sticky", "partition.assignment.strategy", "cooperative-sticky")]
    [InlineData("partition.assignment.strategy", "org.apache.kafka.clients.consumer.RoundRobinAssignor, range", "partition.assignment.strategy", "roundrobin,range")]
    [InlineData("partition.assignment.strategy", "cooperative-sticky,range", "partition.assignment.strategy", "cooperative-sticky")]
    [InlineData("fetch.max.bytes", "200000000", "fetch.max.bytes", "200000000")]
    [InlineData("fetch.max.bytes", "200000000", "receive.message.max.bytes", "200000512")]
    [InlineData("max.partition.fetch.bytes", "65536", "max.partition.fetch.bytes", "65536")]
    [InlineData("fetch.max.wait.ms", "100", "fetch.wait.max.ms", "100")]
    [InlineData("check.crcs", "false", "check.crcs", "false")]
    [InlineData("enable.partition.eof", "true", "enable.partition.eof", "true")]
    [InlineData("enable.auto.commit", "true", "enable.auto.commit", "false")]
    public void ToConsumer_MappedKey_BecomesLibrdkafkas(string javaKey, string value, string librdkafkaKey, string expected)
        => Assert.Equal(expected, Consumer((javaKey, value))[librdkafkaKey]);

    [Fact]
    public void ToConsumer_TransportOwnedKeys_AreNotPassedOn()
    {
        var mapped = Consumer(("auto.commit.interval.ms", "100"), ("max.poll.records", "10"), ("delivery.guarantee", "at-least-once"), ("fetch.max.wait.ms", "100"));
        foreach (var key in new[] { "auto.commit.interval.ms", "max.poll.records", "delivery.guarantee", "fetch.max.wait.ms" })
            Assert.False(mapped.ContainsKey(key), key);
        var config = KafkaConfigMapper.ToConsumer(Options, new ConsumerConfig(new Dictionary<string, string> { ["max.poll.records"] = "10" }), []);
        Assert.Equal(10, config.MaxPollRecords);
    }

    [Fact]
    public void ToConsumer_WithoutGroupId_GetsAPrivateOneConfluentNeeds()
    {
        var mapped = Consumer();
        Assert.StartsWith("streaming-unjoined-", mapped["group.id"]);
        Assert.NotEqual(mapped["group.id"], Consumer()["group.id"]);
    }

    [Fact]
    public void ToConsumer_CustomAssignor_TheTransportRunsTheMembershipWithEveryNamedAssignor()
    {
        var custom = new NamedAssignor("sticky-tasks");
        var config = new ConsumerConfig { GroupId = "g", PartitionAssignmentStrategy = "sticky-tasks,range", SessionTimeoutMs = 10_000, MaxPollIntervalMs = 20_000 };
        config.Set("default.api.timeout.ms", "7000");
        var mapped = KafkaConfigMapper.ToConsumer(Options, config, [custom]);
        var membership = Assert.IsType<Streaming.Kafka.Membership.MembershipOptions>(mapped.Membership);
        Assert.Equal(["sticky-tasks", "range"], membership.Assignors.Select(a => a.Name));
        Assert.Same(custom, membership.Assignors[0]);
        Assert.Equal(TimeSpan.FromSeconds(10), membership.SessionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), membership.MaxPollInterval);
        Assert.Equal(TimeSpan.FromSeconds(7), membership.ApiTimeout);
        Assert.Equal("127.0.0.1:9092", membership.BootstrapServers);
        Assert.False(mapped.Librdkafka.ContainsKey("default.api.timeout.ms")); // a Java key librdkafka does not know
        // Registered but not named in the strategy: not used, librdkafka runs the group (as in process).
        var unused = KafkaConfigMapper.ToConsumer(Options, new ConsumerConfig { GroupId = "g" }, [custom]);
        Assert.Null(unused.Membership);
        Assert.Equal("range", unused.Librdkafka["partition.assignment.strategy"]);
    }

    [Fact]
    public void ToConsumer_CustomAssignorOverTls_IsNotSupportedAndSaysWhy()
    {
        var config = new ConsumerConfig { GroupId = "g", PartitionAssignmentStrategy = "sticky-tasks" };
        config.Set("security.protocol", "ssl");
        var ex = Assert.Throws<FeatureNotSupportedException>(() => KafkaConfigMapper.ToConsumer(Options, config, [new NamedAssignor("sticky-tasks")]));
        Assert.Contains("'sticky-tasks'", ex.Message);
        Assert.Contains("plaintext", ex.Message);
    }

    [Fact]
    public void ToConsumer_UnknownAssignorName_IsInvalidConfiguration()
        => Assert.Contains("unknown", Assert.Throws<InvalidConfigurationException>(() => Consumer(("partition.assignment.strategy", "nope"))).Message);

    [Fact]
    public void ToAdmin_PassesBootstrapAndClientId()
    {
        var mapped = KafkaConfigMapper.ToAdmin(Options, new AdminClientConfig { ClientId = "ops" });
        Assert.Equal("ops", mapped["client.id"]);
        Assert.Equal("127.0.0.1:9092", mapped["bootstrap.servers"]);
    }

    [Fact]
    public void Options_MissingOrBadValues_AreRefusedWithTheKey()
    {
        Assert.Contains("bootstrap.servers", Assert.Throws<InvalidConfigurationException>(() => KafkaConfigMapper.ToAdmin(new KafkaTransportOptions(), new AdminClientConfig())).Message);
        Assert.Contains("BootstrapServers", Assert.Throws<InvalidConfigurationException>(() => new KafkaTransport(new KafkaTransportOptions { BootstrapServers = " " })).Message);
        var mock = new KafkaTransportOptions { BootstrapServers = "x:1" };
        mock.Settings["test.mock.num.brokers"] = "3";
        Assert.Contains("test.mock.num.brokers", Assert.Throws<InvalidConfigurationException>(() => new KafkaTransport(mock)).Message);
        var mapped = new KafkaTransportOptions { BootstrapServers = "x:1" };
        mapped.Settings["linger.ms"] = "3";
        Assert.Contains("'linger.ms'", Assert.Throws<InvalidConfigurationException>(() => new KafkaTransport(mapped)).Message);
        var extra = new KafkaTransportOptions { BootstrapServers = "x:1" };
        extra.Settings["socket.keepalive.enable"] = "true";
        Assert.Equal("true", KafkaConfigMapper.ToAdmin(extra, new AdminClientConfig())["socket.keepalive.enable"]);
    }

    private sealed class NamedAssignor(string name) : IPartitionAssignor
    {
        public string Name => name;

        public RebalanceProtocol Protocol => RebalanceProtocol.Eager;

        public IReadOnlyDictionary<string, MemberAssignment> Assign(IReadOnlyDictionary<string, int> partitionCounts, IReadOnlyDictionary<string, GroupSubscription> subscriptions)
            => throw new NotSupportedException();
    }
}
