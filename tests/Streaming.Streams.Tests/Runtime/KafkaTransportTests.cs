using Streaming.Broker;
using Streaming.Broker.Protocol;
using Streaming.Kafka;
using Streaming.Streams.State;

namespace Streaming.Streams.Tests.Runtime;

/// <summary>The same runtime over the Kafka wire protocol: Confluent.Kafka clients against the embedded broker's listener, Streams' assignor run by the transport's own group membership.</summary>
public sealed class KafkaTransportTests : IDisposable
{
    private readonly BrokerFixture _fixture = new();
    private readonly KafkaListener _listener;

    public KafkaTransportTests() => _listener = KafkaListener.Start(_fixture.Broker, new KafkaListenerOptions { Port = 0 });

    public void Dispose()
    {
        _listener.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _fixture.Dispose();
    }

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    public async Task Word_count_runs_on_the_Kafka_transport_with_two_instances(ProcessingGuarantee guarantee)
    {
        _fixture.CreateTopic("lines", 2);
        _fixture.CreateTopic("word-counts", 2);
        var transport = new KafkaTransport(new KafkaTransportOptions { BootstrapServers = _listener.BootstrapServers });
        Topology Build() 
        {
            var builder = new StreamsBuilder(new StreamsConfig
            {
                ApplicationId = "wire-wc-" + guarantee,
                StateDirectory = _fixture.NewStateDirectory(),
                ProcessingGuarantee = guarantee,
                CommitInterval = TimeSpan.FromMilliseconds(200),
                DefaultDslStore = StoreType.RocksDb,
            });
            builder.Stream<string, string>("lines")
                .FlatMapValues(l => l.Split(' '))
                .GroupBy((_, w) => w, Grouped<string, string>.As("words"))
                .Count(materialized: Materialized<string, long>.As("counts"))
                .ToStream()
                .To("word-counts");
            return builder.Build();
        }
        var lines = Enumerable.Range(0, 300).Select(i => $"w{i % 7} w{i % 11} w{i % 13}").ToList();
        _fixture.Produce("lines", lines.Select((l, i) => ("l" + i, l, 1000L + i)));
        var expected = lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());

        await using var a = new KafkaStreams(Build(), transport);
        await using var b = new KafkaStreams(Build(), transport);
        await a.StartAsync();
        await b.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => KafkaStreamsTests.Same(expected, _fixture.LatestByKey<string, long>("word-counts")), TimeSpan.FromSeconds(90), "the counts");
        await BrokerFixture.WaitUntilAsync(() => a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running
            && a.MetadataForLocalThreads().Single().Tasks.Count + b.MetadataForLocalThreads().Single().Tasks.Count == 4
            && a.MetadataForLocalThreads().Single().Tasks.Count > 0 && b.MetadataForLocalThreads().Single().Tasks.Count > 0, TimeSpan.FromSeconds(60),
            () => $"tasks shared: a {a.State} {a.Error} [{string.Join(",", a.MetadataForLocalThreads().Single().Tasks.Select(t => t.Id + ":" + t.State))}] {a.MetadataForLocalThreads().Single().State}, " +
                $"b {b.State} {b.Error} [{string.Join(",", b.MetadataForLocalThreads().Single().Tasks.Select(t => t.Id + ":" + t.State))}] {b.MetadataForLocalThreads().Single().State}");
        if (guarantee == ProcessingGuarantee.ExactlyOnceV2)
        {
            foreach (var group in _fixture.ReadAll<string, long>("word-counts").GroupBy(r => r.Message.Key))
            {
                var values = group.Select(r => r.Message.Value).ToList();
                Assert.True(values.Distinct().Count() == values.Count, $"{group.Key}: {string.Join(",", values)}");
            }
        }
    }
}
